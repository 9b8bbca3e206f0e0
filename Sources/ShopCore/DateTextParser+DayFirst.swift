/// Day-first dates, the way most of Europe writes them: `31.12.2023`, `31/12/2023 14:05`,
/// `31-12-2023`.
///
/// `1/2/2023` is the 1st of February to a German and January 2nd to an American, so the
/// loader never guesses per value: a slashed column is day-first only when some sampled
/// value has a day above 12 (`CSVTypeInference`), and a later one widens a US column the
/// same way. Dotted dates are day-first everywhere, so they always read this way.
extension DateTextParser {
  /// A day-first date, optionally followed by a blank and `H:MM[:SS[.fff]]`; ISO and
  /// `DD-Mon-YYYY` dates are accepted too, so a day-first column may mix them.
  @inlinable
  public static func dayFirst(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Int64? {
    let (p, n) = trimmed(p0, n0)
    guard n >= 8 else { return nil }
    if n >= 10, p[4] == 45 || p[4] == 47, isDigit(p[2]),
      isDigit(p[3])
    {
      return text(p, n)
    }
    let dayDigits = p[1] == 46 || p[1] == 47 || p[1] == 45 ? 1 : 2
    let sep = p[dayDigits]
    guard sep == 46 || sep == 47 || sep == 45, let d = digits(p, 0, dayDigits) else {
      return nil
    }
    var i = dayDigits + 1
    guard i + 1 < n else { return nil }
    if sep == 45, !isDigit(p[i]) { return dayMonthYear(p, n) }
    let monthDigits = i + 1 < n && p[i + 1] == sep ? 1 : 2
    guard i + monthDigits + 5 <= n, let m = digits(p, i, monthDigits), p[i + monthDigits] == sep
    else { return nil }
    i += monthDigits + 1
    guard let y = digits(p, i, 4), isValid(y, m, d) else { return nil }
    i += 4
    let day = CivilTime.seconds(year: y, month: m, day: d)
    if i == n { return day }
    guard p[i] == 32, let (time, used) = clock(p, i + 1, n), used == n else { return nil }
    return day + time
  }
}
