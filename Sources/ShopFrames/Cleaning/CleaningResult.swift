import ShopCore

/// The outcome of a cleaning step: the new frame, a one-line summary for the audit trail
/// ("dedupe: removed 5,268 of 541,909 rows"), and the rows taken out, if any, so a user
/// can look at what was dropped.
public struct CleaningResult: Sendable {
  public var frame: Frame
  public var summary: String
  /// Builds the removed rows: gathered only when someone asks (a pipeline's `dedupe` or
  /// `drop missing` never does, and gathering 1.3 million dropped rows is not free).
  private var removedRows: (@Sendable () -> Frame)?

  /// The rows taken out, if the step says (gathered again on each read).
  public var removed: Frame? {
    get { removedRows?() }
    set {
      if let frame = newValue {
        removedRows = { frame }
      } else {
        removedRows = nil
      }
    }
  }

  public init(frame: Frame, summary: String, removed: Frame? = nil) {
    self.frame = frame
    self.summary = summary
    self.removed = removed
  }

  /// A result whose removed rows are built from `removed` when first read.
  init(frame: Frame, summary: String, removedRows: @escaping @Sendable () -> Frame) {
    self.frame = frame
    self.summary = summary
    self.removedRows = removedRows
  }
}

/// How `fill` replaces nulls.
public enum FillStrategy: Sendable {
  /// The mean of the non-null values (of the group); int columns become float.
  case mean
  /// The median (type-7) of the non-null values; int columns become float.
  case median
  /// The most frequent non-null value (ties: the value seen first); any type.
  case mode
  /// A constant of the column's type (an int into a float column is fine; a date text
  /// such as "2011-01-01" into a datetime column is parsed).
  case value(Scalar)
  /// The last non-null value before the row (forward fill).
  case previous
  /// The next non-null value after the row (backward fill).
  case next
  /// Linear interpolation between the non-null neighbours, by position; nulls before the
  /// first or after the last value stay null. Int columns become float.
  case interpolate
}

/// Which values `clip` treats as outliers.
public enum ClipRule: Sendable {
  /// Outside [q1 - k·IQR, q3 + k·IQR] (Tukey's fences; k = 1.5 is the usual choice).
  case iqr(Double)
  /// More than z sample standard deviations from the mean.
  case zscore(Double)
  /// Outside [low, high].
  case between(Double, Double)
}

/// How `normalize` rescales a numeric column.
public enum NormalizeMethod: String, Sendable {
  /// (x - mean) / sample std.
  case zscore
  /// (x - min) / (max - min), into [0, 1].
  case minmax
}

/// How `encode` turns a categorical column into numbers.
public enum EncodeMethod: String, Sendable {
  /// Int codes 0..<k in ascending order of the values; nulls stay null.
  case label
  /// One bool column per value, named `Column_value`, in ascending order of the values.
  case onehot
}
