import Foundation
import ShopCore
import XCTest

final class CivilTimeTests: XCTestCase {
  /// Every 97th day from 0001-01-01 to 9999-12-31, checked against Python's calendar:
  ///
  /// ```python
  /// import datetime as dt
  /// e=dt.date(1970,1,1).toordinal()
  /// lo=dt.date(1,1,1).toordinal()-e; hi=dt.date(9999,12,31).toordinal()-e   # -719162, 2932896
  /// s=w=n=0
  /// for d in range(lo,hi+1,97):
  ///     x=dt.date.fromordinal(d+e); s+=x.year*10000+x.month*100+x.day
  ///     w+=x.isoweekday()*(n%10+1); n+=1
  /// print(n,s,w)   # 37651 1882571040922 828319
  /// ```
  func testDaysRoundTripAndMatchPythonOverTenThousandYears() {
    var n = 0
    var s = 0
    var w = 0
    for d in stride(from: -719_162, through: 2_932_896, by: 97) {
      let date = CivilTime.date(fromDays: d)
      XCTAssert(CivilTime.isValid(date.year, date.month, date.day), "\(date)")
      XCTAssertEqual(CivilTime.days(year: date.year, month: date.month, day: date.day), d)
      s += date.year * 10_000 + date.month * 100 + date.day
      w += CivilTime.isoWeekday(Int64(d) * 86_400 + 43_210) * (n % 10 + 1)
      n += 1
    }
    XCTAssertEqual(n, 37_651)
    XCTAssertEqual(s, 1_882_571_040_922)
    XCTAssertEqual(w, 828_319)
  }

  func testEveryDayOfFourHundredYearsRoundTrips() {
    // One full Gregorian cycle (146,097 days) around the epoch, day by day.
    var previous = CivilTime.date(fromDays: -73_049)
    for d in -73_048...73_048 {
      let date = CivilTime.date(fromDays: d)
      XCTAssertEqual(CivilTime.days(year: date.year, month: date.month, day: date.day), d)
      let nextDay = previous.day + 1
      if date.day == 1 {
        XCTAssertFalse(CivilTime.isValid(previous.year, previous.month, nextDay))
      } else {
        XCTAssertEqual(date.day, nextDay)
      }
      previous = date
    }
  }

  func testKnownDatesFromPython() {
    // dt.date.fromisoformat(t).toordinal() - 719163, and .isoweekday()
    let cases: [(String, Int, Int)] = [
      ("2011-12-09", 15_317, 5), ("1900-03-01", -25_508, 4), ("2000-02-29", 11_016, 2),
      ("1969-12-31", -1, 3), ("0001-01-01", -719_162, 1), ("9999-12-31", 2_932_896, 5),
      ("1970-01-01", 0, 4),
    ]
    for (text, days, weekday) in cases {
      let seconds = DateTextParser.parse(text)
      XCTAssertEqual(seconds, Int64(days) * 86_400, text)
      XCTAssertEqual(seconds.map(CivilTime.isoWeekday), weekday, text)
      XCTAssertEqual(seconds.map { CivilTime.format($0, dateOnly: true) }, text)
    }
  }

  func testISOWeeksMatchPython() {
    // python3: (y, datetime.date.fromisocalendar(y, 1, 1), datetime.date(y, 12, 28).isocalendar()[1])
    // for y in 1990...2040: each year's week-1 Monday and its number of weeks.
    let years: [(Int, String, Int)] = [
      (1990, "1990-01-01", 52), (1991, "1990-12-31", 52), (1992, "1991-12-30", 53), (1993, "1993-01-04", 52),
      (1994, "1994-01-03", 52), (1995, "1995-01-02", 52), (1996, "1996-01-01", 52), (1997, "1996-12-30", 52),
      (1998, "1997-12-29", 53), (1999, "1999-01-04", 52), (2000, "2000-01-03", 52), (2001, "2001-01-01", 52),
      (2002, "2001-12-31", 52), (2003, "2002-12-30", 52), (2004, "2003-12-29", 53), (2005, "2005-01-03", 52),
      (2006, "2006-01-02", 52), (2007, "2007-01-01", 52), (2008, "2007-12-31", 52), (2009, "2008-12-29", 53),
      (2010, "2010-01-04", 52), (2011, "2011-01-03", 52), (2012, "2012-01-02", 52), (2013, "2012-12-31", 52),
      (2014, "2013-12-30", 52), (2015, "2014-12-29", 53), (2016, "2016-01-04", 52), (2017, "2017-01-02", 52),
      (2018, "2018-01-01", 52), (2019, "2018-12-31", 52), (2020, "2019-12-30", 53), (2021, "2021-01-04", 52),
      (2022, "2022-01-03", 52), (2023, "2023-01-02", 52), (2024, "2024-01-01", 52), (2025, "2024-12-30", 52),
      (2026, "2025-12-29", 53), (2027, "2027-01-04", 52), (2028, "2028-01-03", 52), (2029, "2029-01-01", 52),
      (2030, "2029-12-31", 52), (2031, "2030-12-30", 52), (2032, "2031-12-29", 53), (2033, "2033-01-03", 52),
      (2034, "2034-01-02", 52), (2035, "2035-01-01", 52), (2036, "2035-12-31", 52), (2037, "2036-12-29", 53),
      (2038, "2038-01-04", 52), (2039, "2039-01-03", 52), (2040, "2040-01-02", 52),
    ]
    for (year, monday, weeks) in years {
      let y = String(year)
      let first = DateTextParser.parse(monday)
      XCTAssertEqual(DateTextParser.parse("\(y)-W01"), first, y)
      XCTAssertEqual(DateTextParser.parse("\(y)-W01-1"), first, y)
      XCTAssertEqual(DateTextParser.parse("\(y)-W01-7"), first.map { $0 + 6 * 86_400 }, y)
      let last = String(format: "%d-W%02d", year, weeks)
      XCTAssertEqual(DateTextParser.parse(last), first.map { $0 + Int64(weeks - 1) * 7 * 86_400 }, last)
      // The week after the last is next year's week 1, never this year's.
      XCTAssertNil(DateTextParser.parse(String(format: "%d-W%02d", year, weeks + 1)), y)
    }
    for bad in ["2024-W00", "2024-W01-0", "2024-W01-8", "2024-W1", "2024-Wxx", "2024-W01-1x"] {
      XCTAssertNil(DateTextParser.parse(bad), bad)
    }
  }

  func testSecondsBeforeTheEpochFloorToTheRightDay() {
    // (dt.datetime(1969,12,31,23,59,59)-dt.datetime(1970,1,1)).total_seconds() == -1
    XCTAssertEqual(CivilTime.dayNumber(-1), -1)
    XCTAssertEqual(CivilTime.dayNumber(-86_400), -1)
    XCTAssertEqual(CivilTime.dayNumber(-86_401), -2)
    XCTAssertEqual(CivilTime.secondOfDay(-1), 86_399)
    XCTAssertEqual(CivilTime.format(-1), "1969-12-31 23:59:59")
    XCTAssertEqual(CivilTime.isoWeekday(-1), 3)  // a Wednesday
  }

  func testLeapYears() {
    XCTAssert(CivilTime.isValid(2000, 2, 29))
    XCTAssert(CivilTime.isValid(2012, 2, 29))
    XCTAssertFalse(CivilTime.isValid(1900, 2, 29))
    XCTAssertFalse(CivilTime.isValid(2011, 2, 29))
    XCTAssertFalse(CivilTime.isValid(2011, 4, 31))
    XCTAssertFalse(CivilTime.isValid(2011, 13, 1))
    XCTAssertFalse(CivilTime.isValid(2011, 0, 1))
    XCTAssertFalse(CivilTime.isValid(2011, 1, 0))
    // Days in a year: 366 for leap years, 365 otherwise.
    for year in [1900, 2000, 2011, 2012, 2100, 2400] {
      let length = CivilTime.days(year: year + 1, month: 1, day: 1) - CivilTime.days(year: year, month: 1, day: 1)
      let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
      XCTAssertEqual(length, leap ? 366 : 365, "\(year)")
    }
  }

  func testParseISOAccepts() {
    // int((dt.datetime(2011,1,1,10,30)-dt.datetime(1970,1,1)).total_seconds()) == 1293877800
    XCTAssertEqual(DateTextParser.parse("2011-01-01T10:30"), 1_293_877_800)
    XCTAssertEqual(DateTextParser.parse("2011-01-01 10:30"), 1_293_877_800)
    XCTAssertEqual(DateTextParser.parse("2011-01-01 10:30:07"), 1_293_877_807)
    // (dt.datetime(2010,12,1,8,26)-dt.datetime(1970,1,1)).total_seconds() == 1291191960
    XCTAssertEqual(DateTextParser.parse("2010-12-01 08:26:00"), 1_291_191_960)
    XCTAssertEqual(DateTextParser.parse("2012-02-29"), CivilTime.seconds(year: 2012, month: 2, day: 29))
    XCTAssertEqual(DateTextParser.parse("2011-12-31T23:59:59"), CivilTime.seconds(year: 2012, month: 1, day: 1) - 1)
  }

  func testParseISORejects() {
    let bad = [
      "", "2011", "2011-1-01", "2011-02-29", "2011-13-01", "2011-00-10", "2011-01-32",
      "2011-01-01 24:00", "2011-01-01 10:60", "2011-01-01 10:30:60", "2011-01-01X10:30",
      "2011-01-01 10:30:0", "2011-01-01 10:30:000", "2011-01-01T10", "+011-01-01", "2011-01-01Z",
      "２０１１-01-01", "2011-01-01 1a:30", "19970231", "13/13/2011", "2011-02-30 10:00",
    ]
    for text in bad { XCTAssertNil(DateTextParser.parse(text), "accepted \(text)") }
    // One parser (issue 16): what `load` reads, `date()` and the store read too.
    let day = CivilTime.seconds(year: 2011, month: 1, day: 1)
    for text in ["2011/01/01", "2011-01-01 ", " 2011-01-01", "1/1/2011", "01-Jan-2011", "20110101"] {
      XCTAssertEqual(DateTextParser.parse(text), day, text)
    }
    XCTAssertEqual(DateTextParser.parse("2011-01-01T10:30Z"), day + 37_800)
  }

  func testFormatRoundTripsParse() {
    var r = SeededRandom(seed: 3)
    for _ in 0..<5000 {
      // Any second from 1900 to 2100.
      let t = Int64(r.nextInt(below: 200 * 365 * 86_400)) - 70 * 365 * 86_400
      let text = CivilTime.format(t)
      XCTAssertEqual(DateTextParser.parse(text), t, text)
    }
    XCTAssertEqual(CivilTime.format(1_291_191_960), "2010-12-01 08:26:00")
    XCTAssertEqual(CivilTime.format(1_291_191_960, dateOnly: true), "2010-12-01")
  }
}
