extension CommandRegistry {
  /// Every command of the language, in the order `help` lists them: the order of an
  /// analysis (read, reshape, clean, measure, draw, model), then the session and its store.
  public static let standard = CommandRegistry(
    FileCommands.all + TableCommands.all + CleaningCommands.all + KPICommands.all + PathCommands.all
      + ChartCommands.all + ModelCommands.all + ForecastCommands.all + SessionCommands.all + StoreCommands.all
      + RemoteCommands.all)
}
