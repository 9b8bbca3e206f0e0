/// One named line or point cloud: parallel arrays of x and y.
///
/// For a time axis, x holds seconds since 1970 on ShopCore's zone-free calendar
/// (`CivilTime`). A NaN or infinite y (or x) is a gap: the line breaks there rather than
/// dropping to zero. Extra values in the longer array are ignored.
public struct Series: Sendable, Equatable {
  public var name: String
  public var x: [Double]
  public var y: [Double]

  public init(name: String, x: [Double], y: [Double]) {
    self.name = name
    self.x = x
    self.y = y
  }

  /// A series whose x values are 0, 1, 2, ….
  public init(name: String, y: [Double]) {
    self.init(name: name, x: y.indices.map(Double.init), y: y)
  }

  /// The number of usable (x, y) pairs: the shorter array's length.
  var count: Int { min(x.count, y.count) }
}
