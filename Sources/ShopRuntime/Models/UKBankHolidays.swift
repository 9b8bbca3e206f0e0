import ShopCore

/// The bank holidays of England and Wales, 2009–2013: `holidays uk` on a forecaster flags
/// these days. The bundled Online Retail log runs from December 2010 to December 2011, so the
/// list covers its span, a year before it and its forecasts into 2012–2013.
///
/// Source: the UK Government's published list (gov.uk/bank-holidays, "England and Wales"),
/// including the substitute days when a holiday fell on a weekend, the Royal Wedding
/// (29 April 2011), the moved spring holiday and the Diamond Jubilee (4 and 5 June 2012).
/// Each weekday was checked with Python's `datetime` (Mondays for the May and August
/// holidays and Easter Monday, Fridays for Good Friday).
enum UKBankHolidays {
  static let years = 2009...2013

  static let dates: [(year: Int, month: Int, day: Int)] = [
    (2009, 1, 1), (2009, 4, 10), (2009, 4, 13), (2009, 5, 4), (2009, 5, 25), (2009, 8, 31),
    (2009, 12, 25), (2009, 12, 28),
    (2010, 1, 1), (2010, 4, 2), (2010, 4, 5), (2010, 5, 3), (2010, 5, 31), (2010, 8, 30),
    (2010, 12, 27), (2010, 12, 28),
    (2011, 1, 3), (2011, 4, 22), (2011, 4, 25), (2011, 4, 29), (2011, 5, 2), (2011, 5, 30),
    (2011, 8, 29), (2011, 12, 26), (2011, 12, 27),
    (2012, 1, 2), (2012, 4, 6), (2012, 4, 9), (2012, 5, 7), (2012, 6, 4), (2012, 6, 5),
    (2012, 8, 27), (2012, 12, 25), (2012, 12, 26),
    (2013, 1, 1), (2013, 3, 29), (2013, 4, 1), (2013, 5, 6), (2013, 5, 27), (2013, 8, 26),
    (2013, 12, 25), (2013, 12, 26),
  ]

  /// The days as day starts (seconds since 1970, UTC).
  static var days: [Int64] { dates.map { CivilTime.seconds(year: $0.year, month: $0.month, day: $0.day) } }
}
