import ShopREPL

#if canImport(Glibc)
  import Glibc
#endif

exit(ShopLabCLI.main(Array(CommandLine.arguments.dropFirst())))
