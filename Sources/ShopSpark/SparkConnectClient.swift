#if Spark
import GRPCCore
import GRPCNIOTransportHTTP2Posix
#endif
