/// What the store knows of a kept table: enough to say what a `keep` would replace.
public struct KeptTable: Sendable, Equatable {
  /// The name as it was kept (a later keep may spell it in another case).
  public let name: String
  /// Rows and columns as recorded by `keep`; nil for a table another program made.
  public let rows: Int?
  public let columns: Int?
  /// When it was kept (`YYYY-MM-DD HH:MM:SS…` UTC) and by which session, when recorded.
  public let keptAt: String?
  public let session: Int64?

  public init(name: String, rows: Int?, columns: Int?, keptAt: String?, session: Int64?) {
    self.name = name
    self.rows = rows
    self.columns = columns
    self.keptAt = keptAt
    self.session = session
  }
}
