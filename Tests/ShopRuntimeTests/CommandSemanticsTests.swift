import Foundation
import ShopRuntime
import ShopTestSupport
import XCTest

/// Table and cleaning commands checked for wrong answers (not crashes): each pinned table
/// was computed independently in python3 over the same CSV (the reference is in the comment
/// next to it), or by hand over the small tables below.
final class CommandSemanticsTests: XCTestCase {
  /// Small tables with nulls, ties and dates before 1970, written to a temporary folder.
  static let smallTables: [(name: String, csv: String)] = [
    ("t", "g,t,x,s\na,2011-01-01 00:00:00,1,p\na,2011-01-03 00:00:00,,\na,2011-01-04 00:00:00,7,q\nb,2011-01-01 00:00:00,,q\nb,2011-01-02 00:00:00,10,\nb,2011-01-05 00:00:00,,r\na,2011-01-02 00:00:00,3,q\nb,2011-01-04 00:00:00,4,r\n"),
    ("old", "t,x\n1969-12-31 23:30:00,1\n1969-12-29 10:00:00,2\n1970-01-01 00:00:00,3\n1969-12-27 12:00:00,4\n1969-11-15 01:00:00,5\n"),
    ("w", "s,x\nAbc,1\nabc,2\nABC ,3\nb,4\n b,5\nAbc,6\n"),
  ]

  /// A session with `orders` and the small tables bound, wide enough to show every column.
  func fixture() throws -> RuntimeFixture {
    let f = try RuntimeFixture()
    f.loadOrders()
    let dir = NSTemporaryDirectory() + "shoplab-semantics-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    for table in Self.smallTables {
      let path = dir + "/\(table.name).csv"
      try table.csv.write(toFile: path, atomically: true, encoding: .utf8)
      _ = f.output("let \(table.name) = load \"\(path)\"")
    }
    _ = f.output("set width 300")
    _ = f.output("set rows 40")
    return f
  }

  /// Multi-key sort: a numeric key descending, ties broken by a string key descending.
  func testSortMixesDescendingNumbersAndStrings() throws {
    let f = try fixture()
    // python3: r = [x for x in csv.DictReader(f) if x['Country'] == 'Japan']; r.sort(key=Description, reverse=True); r.sort(key=float(UnitPrice), reverse=True); r[:8]
    XCTAssertEqual(
      f.output("orders | where Country == \"Japan\" | sort UnitPrice desc, Description desc | select Description, UnitPrice | head 8"),
      """
      Description                    UnitPrice
      ─────────────────────────────  ─────────
      Manual                             45.57
      Manual                             17.55
      Manual                             16.05
      I LOVE LONDON BABY GIFT SET        14.95
      ROSE COTTAGE KEEPSAKE BOX           9.95
      RED RETROSPOT ROUND CAKE TINS       8.95
      RED RETROSPOT ROUND CAKE TINS       8.95
      RED RETROSPOT ROUND CAKE TINS       8.95
      """)
    // python3: r.sort(key=InvoiceNo); r.sort(key=InvoiceDate, reverse=True) -> C580832 2011-12-06 11:40:00 ×3
    XCTAssertEqual(
      f.output("orders | where Country == \"Japan\" | sort InvoiceDate desc, InvoiceNo | select InvoiceNo, InvoiceDate | head 3"),
      """
      InvoiceNo  InvoiceDate
      ─────────  ───────────────────
      C580832    2011-12-06 11:40:00
      C580832    2011-12-06 11:40:00
      C580832    2011-12-06 11:40:00
      """)
  }

  /// Nulls sort last ascending and descending; equal keys keep the file order.
  func testSortPutsNullsLastBothWaysAndIsStable() throws {
    let f = try fixture()
    // by hand over the 8 rows of `t`: s desc (r, q, p, null), then x ascending with null last
    XCTAssertEqual(
      f.output("t | sort s desc, x | select s, x"),
      """
      s        x
      ────  ────
      r        4
      r     null
      q        3
      q        7
      q     null
      p        1
      null    10
      null  null
      """)
    XCTAssertEqual(
      f.output("t | sort s, x desc | select s, x"),
      """
      s        x
      ────  ────
      p        1
      q        7
      q        3
      q     null
      r        4
      r     null
      null    10
      null  null
      """)
    // stable: the two 2011-01-01 rows and the two 2011-01-02 rows keep file order (rows 0,3 and 4,6)
    XCTAssertEqual(
      f.output("t | sort t | select g, t, x"),
      """
      g  t              x
      ─  ──────────  ────
      a  2011-01-01     1
      b  2011-01-01  null
      b  2011-01-02    10
      a  2011-01-02     3
      a  2011-01-03  null
      a  2011-01-04     7
      b  2011-01-04     4
      b  2011-01-05  null
      """)
    XCTAssertEqual(
      f.output("t | sort -x | select x"),
      """
         x
      ────
        10
         7
         4
         3
         1
      null
      null
      null
      """)
  }

  /// Every aggregation against Python's statistics module, with nulls in CustomerID.
  func testEveryAggregationPerGroup() throws {
    let f = try fixture()
    // python3 per Country g: len(g), non-empty CustomerID, sum(int(Quantity)), mean/median(float(UnitPrice)), min(Description), max(InvoiceDate)
    // Bahrain 19 17 260 4.5563 3.81 'CERAMIC CAKE BOWL + HANGING CAKES' 2011-05-19 17:47:00; Israel 297 250 4353 3.6331 1.95; Japan 358 358 25218 2.2761 1.65
    XCTAssertEqual(
      f.output("orders | where Country in [\"Japan\", \"Israel\", \"Bahrain\"] | group by Country | agg n = count(), c = count(CustomerID), s = sum(Quantity), m = mean(UnitPrice), md = median(UnitPrice), mn = min(Description), mx = max(InvoiceDate) | sort Country"),
      """
      Country    n    c      s       m    md  mn                                  mx
      ───────  ───  ───  ─────  ──────  ────  ──────────────────────────────────  ───────────────────
      Bahrain   19   17    260  4.5563  3.81  CERAMIC CAKE BOWL + HANGING CAKES   2011-05-19 17:47:00
      Israel   297  250   4353  3.6331  1.95  20 DOLLY PEGS RETROSPOT             2011-10-04 14:55:00
      Japan    358  358  25218  2.2761  1.65  12 PENCILS TALL TUBE RED RETROSPOT  2011-12-06 11:40:00
      """)
    // python3: statistics.stdev(Quantity) 30.01676/16.02647/177.19108; len(set(CustomerID non-empty)) 2/4/8;
    // type-7 quantile h=(n-1)q: UnitPrice q.9 9.95/7.65/4.25, Quantity q.25 5/4/4; first/last non-empty CustomerID 12355,12353 / 12666,12512 / 12763,12753
    XCTAssertEqual(
      f.output("orders | where Country in [\"Japan\", \"Israel\", \"Bahrain\"] | group by Country | agg sd = std(Quantity), u = nunique(CustomerID), q = quantile(UnitPrice, 0.9), f = first(CustomerID), l = last(CustomerID), q2 = quantile(Quantity, 0.25) | sort Country"),
      """
      Country        sd  u     q      f      l   q2
      ───────  ────────  ─  ────  ─────  ─────  ───
      Bahrain   30.0168  2  9.95  12355  12353  5.0
      Israel    16.0265  4  7.65  12666  12512  4.0
      Japan    177.1911  8  4.25  12763  12753  4.0
      """)
  }

  /// A null key forms one group, in first-appearance order.
  func testNullKeyIsItsOwnGroup() throws {
    let f = try fixture()
    // python3: for k in sorted(set(CustomerID)): rows with that CustomerID, count and sum(Quantity); '' (null) -> 49, 363
    XCTAssertEqual(
      f.output("orders | where Country in [\"Israel\", \"Bahrain\"] | group by CustomerID | agg n = count(), s = sum(Quantity) | sort CustomerID"),
      """
      CustomerID    n     s
      ──────────  ───  ────
           12353    4    20
           12355   13   240
           12512   34    99
           12653   43   919
           12666    2   -56
           12688  171  3028
            null   49   363
      """)
    // by hand: q rows are (a,01-04,7), (b,01-01,null), (a,01-02,3): first 7, last 3, median 5, std sqrt(8) = 2.8284
    XCTAssertEqual(
      f.output("t | group by s | agg n = count(), c = count(x), f = first(x), l = last(x), mx = max(t), md = median(x), sd = std(x), u = nunique(g)"),
      """
      s     n  c   f   l  mx            md      sd  u
      ────  ─  ─  ──  ──  ──────────  ────  ──────  ─
      p     1  1   1   1  2011-01-01   1.0    null  1
      null  2  1  10  10  2011-01-03  10.0    null  2
      q     3  2   7   3  2011-01-04   5.0  2.8284  2
      r     2  1   4   4  2011-01-05   4.0    null  1
      """)
    XCTAssertEqual(
      f.output("t | group by g, s | count"),
      """
      g  s     count
      ─  ────  ─────
      a  p         1
      a  null      1
      a  q         2
      b  q         1
      b  null      1
      b  r         2
      """)
  }

  /// An empty table aggregates to one row: count 0, other aggregations null.
  func testAggregationOfNoRows() throws {
    let f = try fixture()
    // python3: no row has Quantity > 100000
    XCTAssertEqual(
      f.output("orders | where Quantity > 100000 | agg n = count(), s = sum(Quantity), m = min(Country), u = nunique(InvoiceNo)"),
      """
      n     s  m     u
      ─  ────  ────  ─
      0  null  null  0
      """)
  }

  /// Inner, left and anti joins with duplicate keys on both sides and null keys that never match.
  func testJoinKindsCountsAndClashes() throws {
    let f = try fixture()
    _ = f.output("let a = orders | where Country == \"Bahrain\" | select InvoiceNo, StockCode, Quantity, CustomerID")
    _ = f.output("let b = orders | where Country in [\"Bahrain\", \"Israel\"] | select StockCode, CustomerID, UnitPrice, Quantity")
    // python3: a = Bahrain rows, b = Bahrain+Israel rows; sum over a of matches in b on StockCode -> 32
    XCTAssertEqual(f.output("a | join b on StockCode | count"), "32")
    // python3: a rows with no b match on (StockCode, CustomerID), null CustomerID never matching -> 2; inner 17, left 19
    XCTAssertEqual(f.output("a | join anti b on StockCode, CustomerID | count"), "2")
    XCTAssertEqual(f.output("a | join b on StockCode, CustomerID | count"), "17")
    XCTAssertEqual(f.output("a | join left b on StockCode, CustomerID | where isnull(UnitPrice) | count"), "2")
    // python3: matches on CustomerID with nulls excluded -> 185 (283 if nulls matched)
    XCTAssertEqual(f.output("a | join b on CustomerID | count"), "185")
    // python3: sum(max(matches, 1)) -> 187
    XCTAssertEqual(f.output("a | join left b on CustomerID | count"), "187")
    // the right Quantity clashes and becomes Quantity_right
    XCTAssertEqual(
      f.output("a | join b on StockCode, CustomerID | head 3"),
      """
      InvoiceNo  StockCode  Quantity  CustomerID  UnitPrice  Quantity_right
      ─────────  ─────────  ────────  ──────────  ─────────  ──────────────
      552449     22693            24       12355       1.25              24
      552449     23076            96       12355       1.25              96
      552449     23077            60       12355       1.25              60
      """)
  }

  /// union lines columns up by name, and int with float gives float.
  func testUnionMatchesColumnsByName() throws {
    let f = try fixture()
    _ = f.output("let xs = t | select x, g")
    _ = f.output("let gx = t | select g, x | where g == \"b\"")
    // by hand: t has x = 1, 7, 10, 3, 4 (sum 25); the b rows add 10 and 4: 12 rows, 7 values, sum 39
    XCTAssertEqual(
      f.output("xs | union gx | agg n = count(), c = count(x), s = sum(x)"),
      """
       n  c   s
      ──  ─  ──
      12  7  39
      """)
    _ = f.output("let fv = t | derive v = float(x) / 2 | select v")
    // by hand: 25 + 25 / 2 = 37.5 over 10 values
    XCTAssertEqual(
      f.output("t | select x | rename x to v | union fv | agg s = sum(v), n = count(v)"),
      """
         s   n
      ────  ──
      37.5  10
      """)
  }

  /// sample takes the right number of distinct rows and keeps the file order.
  func testSampleCountsWithoutDuplicatesInOriginalOrder() throws {
    let f = try fixture()
    _ = f.output("let j = orders | where Country == \"Japan\" | derive row = 1")
    // python3: round(358 * 0.1) = 36
    XCTAssertEqual(f.output("j | sample 0.1 seed 7 | count"), "36")
    XCTAssertEqual(f.output("j | sample 0.1 seed 7 | distinct | count"), "36")
    // python3: round(46431 * 0.001) = 46
    XCTAssertEqual(f.output("orders | sample 0.001 seed 3 | count"), "46")
    // python3: round(46431 * 0.5) = 23216 (23215.5 rounds up)
    XCTAssertEqual(f.output("orders | sample 0.5 seed 3 | count"), "23216")
    // clamped to the 358 rows
    XCTAssertEqual(f.output("j | sample 400 seed 1 | count"), "358")
  }

  /// resample buckets against Python's datetime: Monday weeks, month starts, empty days.
  func testResampleBucketsIncludeEmptyOnesAndWeeksStartMonday() throws {
    let f = try fixture()
    // python3: d = date(InvoiceDate); Counter(d - timedelta(d.weekday())) -> 2010-11-29: 16 rows, 196 units; 2010-12-06: 49, 3897; 2011-01-03: 4, -45
    XCTAssertEqual(
      f.output("orders | where Country == \"Japan\" | resample InvoiceDate by week agg n = count(), q = sum(Quantity) | head 6"),
      """
      InvoiceDate   n     q
      ───────────  ──  ────
      2010-11-29   16   196
      2010-12-06   49  3897
      2010-12-13    0  null
      2010-12-20    0  null
      2010-12-27    0  null
      2011-01-03    4   -45
      """)
    // python3: Counter(InvoiceDate[:7]) -> 2010-12: 65, 2011-01: 4, 2011-02: 85
    XCTAssertEqual(
      f.output("orders | where Country == \"Japan\" | resample InvoiceDate by month agg n = count(), u = nunique(InvoiceNo) | head 3"),
      """
      InvoiceDate   n  u
      ───────────  ──  ─
      2010-12-01   65  3
      2011-01-01    4  1
      2011-02-01   85  2
      """)
    // python3: Counter(date) -> 2010-12-05: 16, 2010-12-09: 1, 2010-12-12: 48
    XCTAssertEqual(
      f.output("orders | where Country == \"Japan\" and InvoiceDate < 2010-12-13 | resample InvoiceDate by day agg n = count()"),
      """
      InvoiceDate   n
      ───────────  ──
      2010-12-05   16
      2010-12-06    0
      2010-12-07    0
      2010-12-08    0
      2010-12-09    1
      2010-12-10    0
      2010-12-11    0
      2010-12-12   48
      """)
    // before 1970: 1969-12-29 is a Monday (python3 date(1969,12,29).weekday() == 0)
    XCTAssertEqual(
      f.output("old | resample t by week agg n = count(), s = sum(x)"),
      """
      t           n     s
      ──────────  ─  ────
      1969-11-10  1     5
      1969-11-17  0  null
      1969-11-24  0  null
      1969-12-01  0  null
      1969-12-08  0  null
      1969-12-15  0  null
      1969-12-22  1     4
      1969-12-29  3     6
      """)
  }

  /// pivot, freq and describe against Python counts.
  func testPivotFreqDescribe() throws {
    let f = try fixture()
    // python3: Counter((Country, InvoiceDate[:4])) -> Bahrain 1/18, Japan 65/293
    XCTAssertEqual(
      f.output("orders | where Country in [\"Japan\", \"Bahrain\"] | derive y = year(InvoiceDate) | pivot rows Country columns y value count()"),
      """
      Country  2010  2011
      ───────  ────  ────
      Bahrain     1    18
      Japan      65   293
      """)
    // python3: mean UnitPrice per (year, Country): 2010 3.81/1.9, 2011 4.59778/2.35959
    XCTAssertEqual(
      f.output("orders | where Country in [\"Japan\", \"Bahrain\"] | derive y = year(InvoiceDate) | pivot rows y columns Country value mean(UnitPrice)"),
      """
         y  Bahrain   Japan
      ────  ───────  ──────
      2010   3.8100  1.9000
      2011   4.5978  2.3596
      """)
    // python3: Counter(CustomerID) -> 12688: 171, '': 49, 12764: 45 … over 361 rows
    XCTAssertEqual(
      f.output("orders | where Country in [\"Israel\", \"Bahrain\", \"Lebanon\"] | freq CustomerID"),
      """
      CustomerID  count  percent  cumulative_percent
      ──────────  ─────  ───────  ──────────────────
           12688    171  47.3684             47.3684
            null     49  13.5734             60.9418
           12764     45  12.4654             73.4072
           12653     43  11.9114             85.3186
           12512     34   9.4183             94.7368
           12355     13   3.6011             98.3380
           12353      4   1.1080             99.4460
           12666      2   0.5540            100.0000
      """)
    // python3: Counter(Country).most_common(3) -> Germany 9495, France 8557, EIRE 8196 of 46431
    XCTAssertEqual(
      f.output("orders | freq Country limit 3"),
      """
      Country  count  percent  cumulative_percent
      ───────  ─────  ───────  ──────────────────
      Germany   9495  20.4497             20.4497
      France    8557  18.4295             38.8792
      EIRE      8196  17.6520             56.5312
      """)
    // python3: statistics mean/stdev/quantiles(method='inclusive'): Quantity 19.65542 47.23371 [4,10,16], 148 distinct; UnitPrice 5.45085 63.36053 [1.25,1.95,3.75], 206 distinct
    XCTAssertEqual(
      f.output("orders | select Quantity, UnitPrice | describe"),
      """
      column     type   count  nulls  unique     mean      std     min   p25    p50    p75      max  top
      ─────────  ─────  ─────  ─────  ──────  ───────  ───────  ──────  ────  ─────  ─────  ───────  ────────────
      Quantity   int    46431      0     148  19.6554  47.2337  -624.0  4.00  10.00  16.00  2400.00  12 (10,628)
      UnitPrice  float  46431      0     206   5.4509  63.3605     0.0  1.25   1.95   3.75  4161.06  1.25 (4,624)
      """)
  }

  /// dedupe by keys keeps the first or last row of each key, in file order.
  func testDedupeKeepsTheRightRow() throws {
    let f = try fixture()
    // python3: last = {CustomerID: i}; rows sorted(last.values()) -> (C539037, 22474, 12666), (542276, 22957, 12764), …
    XCTAssertEqual(
      f.output("orders | where Country in [\"Israel\", \"Bahrain\", \"Lebanon\"] | dedupe by CustomerID keep last | select InvoiceNo, StockCode, CustomerID"),
      """
      dedupe by CustomerID keeping last: removed 353 of 361 rows
      InvoiceNo  StockCode  CustomerID
      ─────────  ─────────  ──────────
      C539037    22474           12666
      542276     22957           12764
      552449     72802C          12355
      553900     37450           12353
      559948     23210           12653
      563613     21578           12688
      566179     23103            null
      569529     20682           12512
      """)
    // python3: first index per (CustomerID, Country)
    XCTAssertEqual(
      f.output("orders | where Country in [\"Israel\", \"Bahrain\", \"Lebanon\"] | dedupe by CustomerID, Country | select InvoiceNo, StockCode, CustomerID"),
      """
      dedupe by CustomerID, Country: removed 352 of 361 rows
      InvoiceNo  StockCode  CustomerID
      ─────────  ─────────  ──────────
      C539037    84792           12666
      539500     72802B           null
      540556     21397            null
      542276     82551           12764
      544108     22245           12653
      552449     22693           12355
      553900     37449           12353
      563613     20717           12688
      569527     15058A          12512
      """)
    // python3: len(set(tuple(row.values()))) -> 358
    XCTAssertEqual(
      f.output("orders | where Country in [\"Israel\", \"Bahrain\", \"Lebanon\"] | dedupe | count"),
      """
      dedupe: removed 3 of 361 rows
      358
      """)
    // python3: rows with CustomerID and Description non-empty
    XCTAssertEqual(
      f.output("orders | drop missing CustomerID, Description | count"),
      """
      drop missing CustomerID, Description: removed 1,480 of 46,431 rows
      44951
      """)
  }

  /// Every fill strategy on a small table with nulls, by group and in time order.
  func testFillStrategies() throws {
    let f = try fixture()
    // x = 1, 7, 10, 3, 4: mean 5
    XCTAssertEqual(
      f.output("t | fill x with mean | select x"),
      """
      fill x with mean: filled 3 nulls
         x
      ────
       1.0
       5.0
       7.0
       5.0
      10.0
       5.0
       3.0
       4.0
      """)
    // median of a: (1, 7, 3) = 3; b: (10, 4) = 7
    XCTAssertEqual(
      f.output("t | fill x with median by g | select x"),
      """
      fill x with median by g: filled 3 nulls
         x
      ────
       1.0
       3.0
       7.0
       7.0
      10.0
       7.0
       3.0
       4.0
      """)
    // p once, q three times, r twice
    XCTAssertEqual(
      f.output("t | fill s with mode | select s"),
      """
      fill s with mode: filled 2 nulls
      s
      ─
      p
      q
      q
      q
      q
      r
      q
      r
      """)
    // a in time order: 1, 3, null -> 3, 7; b: null (nothing before), 10, 4, null -> 4
    XCTAssertEqual(
      f.output("t | fill x with previous by g order by t | select g, t, x"),
      """
      fill x with previous by g: filled 2 of 3 nulls
      g  t              x
      ─  ──────────  ────
      a  2011-01-01     1
      a  2011-01-03     3
      a  2011-01-04     7
      b  2011-01-01  null
      b  2011-01-02    10
      b  2011-01-05     4
      a  2011-01-02     3
      b  2011-01-04     4
      """)
    XCTAssertEqual(
      f.output("t | fill x with next by g order by t | select g, t, x"),
      """
      fill x with next by g: filled 2 of 3 nulls
      g  t              x
      ─  ──────────  ────
      a  2011-01-01     1
      a  2011-01-03     7
      a  2011-01-04     7
      b  2011-01-01    10
      b  2011-01-02    10
      b  2011-01-05  null
      a  2011-01-02     3
      b  2011-01-04     4
      """)
    // time order (stable): 1, null, 10, 3, null, 7, 4, null -> 5.5 and 5; the last stays null
    XCTAssertEqual(
      f.output("t | fill x with interpolate order by t | select g, t, x"),
      """
      fill x with interpolate: filled 2 of 3 nulls
      g  t              x
      ─  ──────────  ────
      a  2011-01-01   1.0
      a  2011-01-03   5.0
      a  2011-01-04   7.0
      b  2011-01-01   5.5
      b  2011-01-02  10.0
      b  2011-01-05  null
      a  2011-01-02   3.0
      b  2011-01-04   4.0
      """)
    // file order: 1, null, 7, null, 10, null, 3, 4 -> 4, 8.5, 6.5
    XCTAssertEqual(
      f.output("t | fill x with interpolate | select x"),
      """
      fill x with interpolate: filled 3 nulls
         x
      ────
       1.0
       4.0
       7.0
       8.5
      10.0
       6.5
       3.0
       4.0
      """)
  }

  /// clip bounds, normalize, encode and check on a small table with nulls.
  func testClipNormalizeEncodeCheck() throws {
    let f = try fixture()
    // type-7 quartiles of 1, 3, 4, 7, 10: q1 3, q3 7; [3 - 2, 7 + 2] = [1, 9]
    XCTAssertEqual(
      f.output("t | clip x iqr 0.5 | select x"),
      """
      clip x iqr 0.5 [1, 9]: clipped 1 value
         x
      ────
         1
      null
         7
      null
         9
      null
         3
         4
      """)
    // mean 5, sample std sqrt(12.5) = 3.5355: [3.23, 6.77], int bounds [4, 6]: 1, 7, 10 and 3 dropped; null rows stay
    XCTAssertEqual(
      f.output("t | clip x zscore 0.5 drop | select x"),
      """
      clip x zscore 0.5 [3.23, 6.77]: dropped 4 rows
         x
      ────
      null
      null
      null
         4
      """)
    XCTAssertEqual(
      f.output("t | clip x between 2 and 8 | select x"),
      """
      clip x between [2, 8]: clipped 2 values
         x
      ────
         2
      null
         7
      null
         8
      null
         3
         4
      """)
    // (x - 5) / 3.5355
    XCTAssertEqual(
      f.output("t | normalize x zscore | select x"),
      """
      normalize x zscore (mean 5, std 3.54)
            x
      ───────
      -1.1314
         null
       0.5657
         null
       1.4142
         null
      -0.5657
      -0.2828
      """)
    // (x - 1) / 9
    XCTAssertEqual(
      f.output("t | normalize x minmax | select x"),
      """
      normalize x minmax (min 1, max 10)
           x
      ──────
      0.0000
        null
      0.6667
        null
      1.0000
        null
      0.2222
      0.3333
      """)
    // p 0, q 1, r 2; null stays null
    XCTAssertEqual(
      f.output("t | encode s label | select s"),
      """
      encode s label: 3 values
         s
      ────
         0
      null
         1
         1
      null
         2
         1
         2
      """)
    XCTAssertEqual(
      f.output("t | encode s onehot | head 3"),
      """
      encode s onehot: 3 columns
      g  t              x  s_p    s_q    s_r
      ─  ──────────  ────  ─────  ─────  ─────
      a  2011-01-01     1  true   false  false
      a  2011-01-03  null  false  false  false
      a  2011-01-04     7  false  true   false
      """)
    // three-valued logic: rows (null, null), (null, q), (null, r) are null, so they violate: 8 - 3
    XCTAssertEqual(
      f.output("t | check x > 2 or s == \"p\" or drop | count"),
      """
      check x > 2 or s == "p": 3 of 8 rows violate, dropped
      5
      """)
    // x = 1 is false, three nulls are null
    XCTAssertEqual(f.output("t | check x > 2"), "check x > 2: 4 of 8 rows violate")
  }

  /// in / not in skip nulls; string functions against Python str methods.
  func testWhereInAndStringFunctions() throws {
    let f = try fixture()
    // the two r rows; the null rows are neither in nor not in
    XCTAssertEqual(f.output("t | where s not in [\"p\", \"q\"] | count"), "2")
    // not(null) is null: q, q, r, q, r
    XCTAssertEqual(f.output("t | where not (s in [\"p\"]) | count"), "5")
    // python3: sum('S' <= Country < 'Sw') -> 2772
    XCTAssertEqual(f.output("orders | where Country >= \"S\" and Country < \"Sw\" | count"), "2772")
    // python3: sum(Description.lower() < 'b') -> 2767
    XCTAssertEqual(f.output("orders | where lower(Description) < \"b\" | count"), "2767")
    // python3: sum('HEART' in Description and not StockCode.startswith('2')) -> 588
    XCTAssertEqual(f.output("orders | where contains(Description, \"HEART\") and not startswith(StockCode, \"2\") | count"), "588")
    // python3: sum(CustomerID in ('12347', '12348')) -> 213
    XCTAssertEqual(f.output("orders | where CustomerID in [12347, 12348] | count"), "213")
    // python3: sum(StockCode not in ('POST', 'M')) -> 45226
    XCTAssertEqual(f.output("orders | where StockCode not in [\"POST\", \"M\"] | count"), "45226")
    // lower/trim merge 'Abc', 'abc', 'ABC ' into one group (and 'b', ' b')
    XCTAssertEqual(
      f.output("w | derive l = lower(trim(s)) | group by l | agg n = count(), t = sum(x)"),
      """
      l    n   t
      ───  ─  ──
      abc  4  12
      b    2   9
      """)
    // python3: {s.replace('A', 'a').upper()} = {'ABC', 'ABC ', 'B', ' B'}
    XCTAssertEqual(
      f.output("w | derive l = upper(replace(s, \"A\", \"a\")) | agg n = nunique(l), m = min(l), mx = max(l)"),
      """
      n  m   mx
      ─  ──  ──
      4   B  B
      """)
  }

  /// Date parts against Python's datetime, ISO weeks and weekdays, also before 1970.
  func testDateFunctions() throws {
    let f = try fixture()
    // python3: sum(d.isocalendar()[1] == 1 and d.isoweekday() == 7) -> 74
    XCTAssertEqual(f.output("orders | where week(InvoiceDate) == 1 and dow(InvoiceDate) == 7 | count"), "74")
    // python3: sum(d.hour >= 17) -> 1619
    XCTAssertEqual(f.output("orders | where hour(InvoiceDate) >= 17 | count"), "1619")
    // python3: Counter(d.isoweekday()) -> 1: 7711, 2: 7821, 3: 8414, 4: 10554, 5: 8689, 7: 3242
    XCTAssertEqual(
      f.output("orders | group by d = dow(InvoiceDate) | count | sort d"),
      """
      d  count
      ─  ─────
      1   7711
      2   7821
      3   8414
      4  10554
      5   8689
      7   3242
      """)
    // python3: date(1969,12,29).isocalendar() == (1970, 1, 1); date(1969,11,15).isocalendar() == (1969, 46, 6)
    XCTAssertEqual(
      f.output("old | derive d = day(t), w = week(t), m = month(t), y = year(t), dw = dow(t), h = hour(t), ms = month_start(t), dd = date(t)"),
      """
      t                    x   d   w   m     y  dw   h  ms          dd
      ───────────────────  ─  ──  ──  ──  ────  ──  ──  ──────────  ──────────
      1969-12-31 23:30:00  1  31   1  12  1969   3  23  1969-12-01  1969-12-31
      1969-12-29 10:00:00  2  29   1  12  1969   1  10  1969-12-01  1969-12-29
      1970-01-01 00:00:00  3   1   1   1  1970   4   0  1970-01-01  1970-01-01
      1969-12-27 12:00:00  4  27  52  12  1969   6  12  1969-12-01  1969-12-27
      1969-11-15 01:00:00  5  15  46  11  1969   6   1  1969-11-01  1969-11-15
      """)
  }

  /// coalesce, if, round and arithmetic with nulls.
  func testRowArithmeticWithNulls() throws {
    let f = try fixture()
    // null in arithmetic gives null; a null condition takes the else branch; / by zero is null
    XCTAssertEqual(
      f.output("t | derive y = coalesce(x, 0), z = if(x > 3, \"big\", \"small\"), w = x + 1, v = x / 0, r = round(x / 3, 2), m = x % 3 | select x, y, z, w, v, r, m"),
      """
         x   y  z         w     v     r     m
      ────  ──  ─────  ────  ────  ────  ────
         1   1  small     2  null  0.33     1
      null   0  small  null  null  null  null
         7   7  big       8  null  2.33     1
      null   0  small  null  null  null  null
        10  10  big      11  null  3.33     1
      null   0  small  null  null  null  null
         3   3  small     4  null  1.00     0
         4   4  big       5  null  1.33     1
      """)
    // half away from zero
    XCTAssertEqual(f.output("print round(2.5), round(-2.5), round(125, -1), round(-125, -1), round(1234.5678, -2)"), "3 -3 130 -130 1200")
    // python3: Counter over Country of int(Quantity) * float(UnitPrice) -> Netherlands 284661.54, EIRE 263276.82, Germany 221698.21
    XCTAssertEqual(
      f.output("orders | derive r = Quantity * UnitPrice | group by Country | agg g = sum(r) | sort g desc | head 3"),
      """
      Country              g
      ───────────  ─────────
      Netherlands  284661.54
      EIRE         263276.82
      Germany      221698.21
      """)
  }

  /// `sum` of an int column used to wrap silently past 64 bits (8 × Int64.max printed -8);
  /// like `+` on rows it is now an error that says to sum floats.
  func testIntegerSumRefusesToWrap() throws {
    let f = try fixture()
    for input in [
      "t | derive big = 9223372036854775807 | agg s = sum(big)",
      "t | derive big = 9223372036854775807 | group by g | agg s = sum(big)",
      "t | derive big = 9223372036854775807 | resample t by day agg s = sum(big)",
    ] {
      let outcome = f.run(input)
      XCTAssertEqual(outcome.status, .error, input)
      XCTAssertTrue(outcome.errorMessage?.contains("whole-number overflow in sum") ?? false, input)
    }
    // python3: 8 * (2**63 - 1) = 7.378697629483821e+19
    XCTAssertEqual(
      f.output("t | derive big = 9223372036854775807 | agg s = sum(float(big))"),
      """
                          s
      ─────────────────────
      7.378697629483821e+19
      """)
    // python3: sum(int(Quantity)) = 912621; a sum that fits stays exact and int
    XCTAssertEqual(f.output("orders | agg s = sum(Quantity)"), "     s\n──────\n912621")
  }

  /// `-x` and `abs(x)` of -9223372036854775808 used to wrap back to that negative number,
  /// and `round(9223372036854775807, -1)` trapped; all three are overflow errors now.
  func testNegationAbsAndRoundRefuseToOverflow() throws {
    let f = try fixture()
    _ = f.output("let lowest = t | derive m = -9223372036854775807 - 1 | select m")
    for (input, what) in [
      ("lowest | derive n = -m", "overflow in -"),
      ("lowest | derive n = abs(m)", "overflow in abs"),
      ("print round(9223372036854775807, -1)", "overflow in round"),
      ("lowest | derive n = round(m, -1)", "overflow in round"),
    ] {
      let outcome = f.run(input)
      XCTAssertEqual(outcome.status, .error, input)
      XCTAssertTrue(outcome.errorMessage?.contains(what) ?? false, "\(input): \(outcome.errorMessage ?? "")")
    }
    // python3 with Decimal.quantize(ROUND_HALF_UP) on the exact integers:
    // 9223372036854775797 -> 9223372036854775800, -125 -> -130, 124 -> 120,
    // -9223372036854775800 -> -9223372036854775800, -15 -> -20, 5 -> 10
    XCTAssertEqual(
      f.output(
        "print round(9223372036854775807 - 10, -1), round(-125, -1), round(124, -1), round(-9223372036854775807 + 7, -1), round(-15, -1), round(5, -1)"),
      "9223372036854775800 -130 120 -9223372036854775800 -20 10")
    // values that fit are negated as before; null stays null
    XCTAssertEqual(
      f.output("t | derive y = -x, a = abs(0 - x) | select y, a | head 3"),
      """
         y     a
      ────  ────
        -1     1
      null  null
        -7     7
      """)
  }
}
