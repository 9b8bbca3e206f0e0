extension CommandRegistry {
  /// Every command of the language, in the order `help` lists them.
  public static let standard = CommandRegistry(
    FileCommands.all + TableCommands.all + CleaningCommands.all + ChartCommands.all + SessionCommands.all + StoreCommands.all
      + ModelCommands.all + KPICommands.all)
}
