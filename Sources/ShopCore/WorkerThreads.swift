#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// How many threads a parallel step may use: one rule for every step (CSV parsing, reading
/// a kept table), so `SHOPLAB_THREADS=1` makes all of ShopLab single-threaded.
public enum WorkerThreads {
  /// `requested` if given, else `SHOPLAB_THREADS` from the environment, else the number of
  /// cores; never more than the cores, never fewer than 1.
  public static func count(requested: Int? = nil) -> Int {
    let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    var wanted = requested
    if wanted == nil, let text = getenv("SHOPLAB_THREADS") {
      // Spaces and tabs around the number are allowed (`SHOPLAB_THREADS=" 2"`).
      var s = Substring(String(cString: text))
      while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
      while let c = s.last, c == " " || c == "\t" { s.removeLast() }
      wanted = Int(s)
    }
    return min(max(1, wanted ?? cores), cores)
  }
}
