extension CommandRegistry {
  /// Every command of the language, in the order `help` lists them.
  public static let standard = CommandRegistry(
    TableCommands.all + CleaningCommands.all + SessionCommands.all + StoreCommands.all
      + ModelCommands.all)
}
