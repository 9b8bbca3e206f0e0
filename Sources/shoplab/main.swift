import ShopREPL

#if Spark
  import ShopSpark

  // Built with `--traits Spark`: `connect spark` reaches a Spark Connect server.
  SparkConnectTables.register()
#endif

#if canImport(Glibc)
  import Glibc
#endif

exit(ShopLabCLI.main(Array(CommandLine.arguments.dropFirst())))
