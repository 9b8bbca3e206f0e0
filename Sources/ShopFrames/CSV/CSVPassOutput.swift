/// What reading records produces: one builder per column, the malformed records, the
/// repeated header lines, and the ordinals of the records rejected for a forced type.
///
/// The load keeps one for the whole input (`CSVLoader.main`); a file parsed in parallel
/// fills one per segment, with lines and ordinals counted from the segment's start, and
/// `CSVLoader+Segments` joins them into the load's in file order.
final class CSVPassOutput {
  var builders: [CSVColumnBuilder] = []
  var rejects = CSVRejectLog()
  /// Where the header was repeated in the body: those records are skipped, not rejected.
  var repeatedHeaders: [CSVMisfit] = []
  /// Ordinals (among all data records) of the records rejected for a forced type, which a
  /// second pass must skip too.
  var rejectedOrdinals = Set<Int>()
  /// The next data record's ordinal: how many data records were read so far.
  var ordinal = 0

  init(builders: [CSVColumnBuilder] = []) {
    self.builders = builders
  }
}
