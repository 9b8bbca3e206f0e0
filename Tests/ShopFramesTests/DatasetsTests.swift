import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Every dataset under shared/data loads (the bundled copy under data/ when the repository
/// ships one, see `testDataPath`), with counts pinned against independent
/// computations. Unless noted, the reference is Python's csv module with the loader's null
/// tokens (`NULL = {"", "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "<NA>",
/// "#N/A"}`):
///
///     r = list(csv.reader(open(path, encoding=enc, newline=""), delimiter=d))
///     rows = len(r) - header; nulls[c] = sum(x[c] in NULL for x in r[header:])
final class DatasetsTests: XCTestCase {
  private struct Expected {
    var path: String
    var options = CSVOptions()
    var rows: Int
    var delimiter: String
    /// Every column's type, in order, as "name:type".
    var columns: [String]
    /// Null counts of the columns that have nulls (all others must have none).
    var nulls: [String: Int] = [:]
  }

  private func check(_ e: Expected, file: StaticString = #filePath, line: UInt = #line) throws
    -> LoadResult
  {
    let r = try CSVReader.load(try testDataPath(e.path, file: file, line: line), options: e.options)
    XCTAssertEqual(r.frame.rowCount, e.rows, "rows of \(e.path)", file: file, line: line)
    XCTAssertEqual(r.rejects.rowCount, 0, "rejects of \(e.path)", file: file, line: line)
    XCTAssertEqual(r.delimiterName, e.delimiter, file: file, line: line)
    XCTAssertEqual(
      r.frame.columns.map { "\($0.name):\($0.type)" }, e.columns, e.path, file: file, line: line)
    for column in r.frame.columns {
      XCTAssertEqual(
        column.nullCount, e.nulls[column.name] ?? 0, "nulls of \(e.path) \(column.name)",
        file: file, line: line)
    }
    return r
  }

  private func sum(_ frame: Frame, _ name: String) -> Double {
    guard let column = frame.column(named: name) else { return .nan }
    return (0..<column.count).reduce(0) { $0 + (column[$1].doubleValue ?? 0) }
  }

  private func distinct(_ frame: Frame, _ name: String) -> Int {
    guard case .string(_, let dictionary)? = frame.column(named: name)?.data else { return -1 }
    return dictionary.count
  }

  // MARK: Online Retail

  func testOnlineRetailAllThirteenMonths() throws {
    // Rows: zcat monthly/*.csv.gz | grep -vc '^InvoiceNo,' -> 541909 (PROVENANCE.md agrees).
    let r = try check(
      Expected(
        path: "uci-online-retail/monthly/*.csv.gz", rows: 541_909, delimiter: "comma",
        columns: [
          "InvoiceNo:string", "StockCode:string", "Description:string", "Quantity:int",
          "InvoiceDate:datetime", "UnitPrice:float", "CustomerID:int", "Country:string",
        ],
        nulls: ["CustomerID": 135_080, "Description": 1_454]))
    XCTAssertEqual(r.files.count, 13)
    XCTAssertTrue(r.files[0].hasSuffix("online_retail_2010-12.csv.gz"))
    XCTAssertTrue(r.files[12].hasSuffix("online_retail_2011-12.csv.gz"))
    let f = r.frame
    // python3: rows = all data rows of the 13 files (csv module, sorted file names);
    //   sum(int(x[3])) -> 5176450; sum(float(x[5])) -> 2498803.973997;
    //   sum(int(x[6]) for x if x[6]) -> 6219475867;
    //   min/max calendar.timegm(strptime(x[4], '%Y-%m-%d %H:%M:%S')) -> 1291191960, 1323435000;
    //   len(set(col)) for InvoiceNo, StockCode, Country -> 25900, 4070, 38;
    //   non-empty Description -> 4211; InvoiceNo starting with 'C' -> 9288
    XCTAssertEqual(sum(f, "Quantity"), 5_176_450)
    assertClose(sum(f, "UnitPrice"), 2_498_803.973997, tolerance: 1e-9)
    XCTAssertEqual(sum(f, "CustomerID"), 6_219_475_867)
    guard case .datetime(let times, _)? = f.column(named: "InvoiceDate")?.data else {
      return XCTFail("InvoiceDate is not datetime")
    }
    XCTAssertEqual(times.min(), 1_291_191_960)
    XCTAssertEqual(times.max(), 1_323_435_000)
    XCTAssertEqual(distinct(f, "InvoiceNo"), 25_900)
    XCTAssertEqual(distinct(f, "StockCode"), 4_070)
    XCTAssertEqual(distinct(f, "Country"), 38)
    XCTAssertEqual(distinct(f, "Description"), 4_211)
    let cancellations = csvCells(f, "InvoiceNo").filter {
      if case .string(let s) = $0 { return s.hasPrefix("C") } else { return false }
    }
    XCTAssertEqual(cancellations.count, 9_288)
    XCTAssertEqual(
      (0..<8).map { f[0, $0] },
      [
        .string("536365"), .string("85123A"), .string("WHITE HANGING HEART T-LIGHT HOLDER"),
        .int(6), .datetime(1_291_191_960), .float(2.55), .int(17850), .string("United Kingdom"),
      ])
  }

  func testOnlineRetailNonUK() throws {
    _ = try check(
      Expected(
        path: "uci-online-retail/online_retail_non_uk.csv", rows: 46_431, delimiter: "comma",
        columns: [
          "InvoiceNo:string", "StockCode:string", "Description:string", "Quantity:int",
          "InvoiceDate:datetime", "UnitPrice:float", "CustomerID:int", "Country:string",
        ],
        nulls: ["CustomerID": 1_480]))
  }

  // MARK: MovieLens

  func testMovieLensRatingsTabSeparatedWithoutHeader() throws {
    let r = try check(
      Expected(
        path: "movielens-100k/u.data", rows: 100_000, delimiter: "tab",
        columns: ["column_1:int", "column_2:int", "column_3:int", "column_4:int"]))
    // python3: sum(int(x[2])) -> 352986 over csv.reader(open('u.data'), delimiter='\t')
    XCTAssertEqual(sum(r.frame, "column_3"), 352_986)
  }

  func testMovieLensRatingsWithNamesGetATimestamp() throws {
    let r = try check(
      Expected(
        path: "movielens-100k/u.data",
        options: CSVOptions(columnNames: ["user_id", "item_id", "rating", "timestamp"]),
        rows: 100_000, delimiter: "tab",
        columns: ["user_id:int", "item_id:int", "rating:int", "timestamp:datetime"]))
    // python3: sum(int(x[3])) -> 88352885148862, min -> 874724710
    XCTAssertEqual(sum(r.frame, "timestamp"), 88_352_885_148_862)
    XCTAssertEqual(csvCells(r.frame, "timestamp").first, .datetime(881_250_949))
  }

  func testMovieLensItemsLatin1PipeSeparated() throws {
    let r = try check(
      Expected(
        path: "movielens-100k/u.item", rows: 1_682, delimiter: "pipe",
        columns: [
          "column_1:int", "column_2:string", "column_3:datetime", "column_4:string",
          "column_5:string",
        ] + (6...24).map { "column_\($0):int" },
        nulls: ["column_3": 1, "column_4": 1_682, "column_5": 3]))
    XCTAssertEqual(r.warnings, ["'u.item' is not UTF-8; read as Windows-1252 (Latin-1 with € and curly quotes)"])
    // python3: csv.reader(open('u.item', encoding='latin-1'), delimiter='|') row 1632
    XCTAssertEqual(r.frame[1632, 1], .string("Á köldum klaka (Cold Fever) (1994)"))
    // 01-Jan-1995: calendar.timegm(datetime.date(1995, 1, 1).timetuple()) -> 788918400
    XCTAssertEqual(r.frame[0, 2], .datetime(788_918_400))
  }

  func testMovieLensUsers() throws {
    _ = try check(
      Expected(
        path: "movielens-100k/u.user", rows: 943, delimiter: "pipe",
        columns: [
          "column_1:int", "column_2:int", "column_3:string", "column_4:string",
          "column_5:string",
        ]))
  }

  // MARK: Olist

  func testOlistProducts() throws {
    _ = try check(
      Expected(
        path: "olist-brazilian-ecommerce/olist_products_dataset.csv", rows: 32_951,
        delimiter: "comma",
        columns: [
          "product_id:string", "product_category_name:string", "product_name_lenght:int",
          "product_description_lenght:int", "product_photos_qty:int", "product_weight_g:int",
          "product_length_cm:int", "product_height_cm:int", "product_width_cm:int",
        ],
        nulls: [
          "product_category_name": 610, "product_name_lenght": 610,
          "product_description_lenght": 610, "product_photos_qty": 610, "product_weight_g": 2,
          "product_length_cm": 2, "product_height_cm": 2, "product_width_cm": 2,
        ]))
  }

  func testOlistSellers() throws {
    _ = try check(
      Expected(
        path: "olist-brazilian-ecommerce/olist_sellers_dataset.csv", rows: 3_095,
        delimiter: "comma",
        columns: [
          "seller_id:string", "seller_zip_code_prefix:int", "seller_city:string",
          "seller_state:string",
        ]))
  }

  func testOlistTranslationWithBOM() throws {
    _ = try check(
      Expected(
        path: "olist-brazilian-ecommerce/product_category_name_translation.csv", rows: 71,
        delimiter: "comma",
        columns: ["product_category_name:string", "product_category_name_english:string"]))
  }

  func testOlistPaymentsGzip() throws {
    let r = try check(
      Expected(
        path: "olist-brazilian-ecommerce/olist_order_payments_dataset.csv.gz", rows: 103_886,
        delimiter: "comma",
        columns: [
          "order_id:string", "payment_sequential:int", "payment_type:string",
          "payment_installments:int", "payment_value:float",
        ]))
    // python3: round(sum(float(x['payment_value'])), 2) -> 16008872.12; distinct order_id 99440
    assertClose(sum(r.frame, "payment_value"), 16_008_872.12, tolerance: 1e-9)
    XCTAssertEqual(distinct(r.frame, "order_id"), 99_440)
  }

  // MARK: Diginetica

  func testDigineticaPurchases() throws {
    _ = try check(
      Expected(
        path: "diginetica-purchases/train-purchases.csv", rows: 18_025, delimiter: "semicolon",
        columns: [
          "sessionId:int", "userId:int", "timeframe:int", "eventdate:datetime",
          "ordernumber:int", "itemId:int",
        ],
        nulls: ["userId": 11_322]))
  }

  func testDigineticaCategories() throws {
    _ = try check(
      Expected(
        path: "diginetica-purchases/product-categories.csv", rows: 184_047,
        delimiter: "semicolon", columns: ["itemId:int", "categoryId:int"]))
  }

  func testDigineticaViewsWithoutFinalNewline() throws {
    _ = try check(
      Expected(
        path: "diginetica-sample/sample_train-item-views.csv", rows: 12_391,
        delimiter: "semicolon",
        columns: [
          "session_id:int", "user_id:int", "item_id:int", "timeframe:int",
          "eventdate:datetime",
        ],
        nulls: ["user_id": 7_681]))
  }

  // MARK: Others

  func testCTRSamples() throws {
    let avazu = try check(
      Expected(
        path: "ctr-samples-deepctr/avazu_sample.txt", rows: 100, delimiter: "comma",
        columns: ["id:string", "click:int", "hour:int", "C1:int", "banner_pos:int"]
          + [
            "site_id", "site_domain", "site_category", "app_id", "app_domain", "app_category",
            "device_id", "device_ip", "device_model",
          ].map { "\($0):string" }
          + [
            "device_type", "device_conn_type", "C14", "C15", "C16", "C17", "C18", "C19", "C20",
            "C21",
          ].map { "\($0):int" }))
    // 20-digit ids overflow Int64 and stay text.
    XCTAssertEqual(avazu.frame[1, 0], .string("10000169349117863715"))
    _ = try check(
      Expected(
        path: "ctr-samples-deepctr/criteo_sample.txt", rows: 200, delimiter: "comma",
        columns: ["label:int", "I1:float", "I2:int"]
          + (3...13).map { "I\($0):float" } + (1...26).map { "C\($0):string" },
        nulls: [
          "I1": 90, "I3": 34, "I4": 35, "I5": 6, "I6": 51, "I7": 10, "I9": 10, "I10": 90,
          "I11": 10, "I12": 157, "I13": 35, "C3": 9, "C4": 9, "C6": 32, "C12": 9, "C16": 9,
          "C19": 82, "C20": 82, "C21": 9, "C22": 159, "C24": 9, "C25": 82, "C26": 82,
        ]))
  }

  func testM5() throws {
    let r = try check(
      Expected(
        path: "m5_sales_exog_small/m5_sales_exog_small.csv", rows: 15_752, delimiter: "comma",
        columns: ["unique_id:string", "ds:datetime", "y:int", "sell_price:float"]
          + ["Cultural", "National", "Religious", "Sporting"].map { "event_type_\($0):int" },
        nulls: ["sell_price": 1_057]))
    // python3: sum(int(y)) -> 26922; round(sum(float(sell_price) if non-empty), 4) -> 51121.86
    XCTAssertEqual(sum(r.frame, "y"), 26_922)
    assertClose(sum(r.frame, "sell_price"), 51_121.86, tolerance: 1e-9)
  }

  func testAusRetail() throws {
    let r = try check(
      Expected(
        path: "aus-retail-monthly/aus_retail_monthly_long.csv", rows: 13_986, delimiter: "comma",
        columns: ["date:datetime", "item:string", "value:float"]))
    // python3: round(sum(float(value)), 4) -> 5743030.6; distinct item -> 42
    assertClose(sum(r.frame, "value"), 5_743_030.6, tolerance: 1e-9)
    XCTAssertEqual(distinct(r.frame, "item"), 42)
  }

  func testOttoEvents() throws {
    let r = try check(
      Expected(
        path: "otto-recsys-sample/otto_sample_events.csv", rows: 862, delimiter: "comma",
        columns: ["session:int", "aid:int", "ts:int", "type:string"]))
    // Millisecond stamps stay integers (out of the Unix-seconds range).
    // python3: sum(int(x['ts'])) -> 1431165963225950
    XCTAssertEqual(sum(r.frame, "ts"), 1_431_165_963_225_950)
  }

  func testShoppersIntention() throws {
    let r = try check(
      Expected(
        path: "uci-online-shoppers-intention/online_shoppers_intention.csv", rows: 12_330,
        delimiter: "comma",
        columns: [
          "Administrative:int", "Administrative_Duration:float", "Informational:int",
          "Informational_Duration:float", "ProductRelated:int", "ProductRelated_Duration:float",
          "BounceRates:float", "ExitRates:float", "PageValues:float", "SpecialDay:float",
          "Month:string", "OperatingSystems:int", "Browser:int", "Region:int", "TrafficType:int",
          "VisitorType:string", "Weekend:bool", "Revenue:bool",
        ]))
    // python3: sum(x['Revenue'] == 'TRUE') -> 1908; Weekend -> 2868
    XCTAssertEqual(sum(r.frame, "Revenue"), 1_908)
    XCTAssertEqual(sum(r.frame, "Weekend"), 2_868)
  }
}
