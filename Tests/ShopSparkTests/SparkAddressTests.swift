import ShopSpark
import XCTest

final class SparkAddressTests: XCTestCase {
  func testHostPortDefaultsAndParameters() throws {
    XCTAssertEqual(try SparkAddress("sc://127.0.0.1:15010").host, try SparkAddress("sc://127.0.0.1:15010/;user_id=a").host)
    XCTAssertEqual(try SparkAddress("sc://127.0.0.1:15010/;user_id=a").port, 15010)
    XCTAssertEqual(try SparkAddress("sc://spark.example").port, 15002)
    XCTAssertEqual(try SparkAddress("sc://[::1]:7000").host, "::1")
    XCTAssertEqual(try SparkAddress("sc://[::1]:7000").port, 7000)
  }

  func testBadAddressesAreRefusedWithTheText() {
    for bad in ["http://h:1", "sc://", "sc://h:0", "sc://h:port", "sc://h:70000"] {
      XCTAssertThrowsError(try SparkAddress(bad), bad) { XCTAssertEqual($0 as? SparkConnectError, .badAddress(bad)) }
    }
  }
}

/// The connection-string parameters of Spark's client connection string spec, read as
/// pyspark's DefaultChannelBuilder reads them (TLS with use_ssl=true, or with a token for a
/// host other than this machine).
final class SparkAddressParameterTests: XCTestCase {
  func testUseSSLTokenUserAndSession() throws {
    let a = try SparkAddress("sc://spark.example:443/;use_ssl=true;token=abc%3D%3D;user_id=ana;session_id=8a7a3e0c-4b1d-4c1e-9a57-0f5d2c1b6e01;user_agent=shoplab-test")
    XCTAssertEqual(a.host, "spark.example")
    XCTAssertEqual(a.port, 443)
    XCTAssertTrue(a.useSSL)
    XCTAssertTrue(a.usesTLS)
    XCTAssertEqual(a.token, "abc==")
    XCTAssertEqual(a.userID, "ana")
    XCTAssertEqual(a.sessionID, "8a7a3e0c-4b1d-4c1e-9a57-0f5d2c1b6e01")
    XCTAssertEqual(a.userAgent, "shoplab-test")
  }

  func testWhenTheConnectionIsTLS() throws {
    XCTAssertFalse(try SparkAddress("sc://spark.example").usesTLS)
    XCTAssertFalse(try SparkAddress("sc://spark.example/;use_ssl=false").usesTLS)
    XCTAssertTrue(try SparkAddress("sc://spark.example/;use_ssl=TRUE").usesTLS)
    // A token is never sent in clear over a network: it turns TLS on, except on this machine.
    XCTAssertTrue(try SparkAddress("sc://spark.example/;token=t").usesTLS)
    XCTAssertFalse(try SparkAddress("sc://localhost:15002/;token=t").usesTLS)
    XCTAssertFalse(try SparkAddress("sc://127.0.0.1/;token=t").usesTLS)
    XCTAssertTrue(try SparkAddress("sc://127.0.0.1/;token=t;use_ssl=true").usesTLS)
    // Unknown parameters (gRPC keepalive settings…) are accepted and ignored.
    XCTAssertEqual(try SparkAddress("sc://h/;grpc_keepalive_time_ms=30000").port, 15002)
  }

  func testBadParametersAndPathsAreRefused() {
    XCTAssertThrowsError(try SparkAddress("sc://h:1/;use_ssl")) { XCTAssertEqual($0 as? SparkConnectError, .badParameter("use_ssl")) }
    XCTAssertThrowsError(try SparkAddress("sc://h:1/;token=%zz")) { XCTAssertEqual($0 as? SparkConnectError, .badParameter("token=***")) }
    XCTAssertThrowsError(try SparkAddress("sc://h:1/path")) { XCTAssertEqual($0 as? SparkConnectError, .badAddress("sc://h:1/path")) }
  }

  func testTheTokenIsMaskedForDisplay() {
    XCTAssertEqual(SparkAddress.masked("sc://h:1/;token=s3cr3t;use_ssl=true"), "sc://h:1/;token=***;use_ssl=true")
    XCTAssertEqual(SparkAddress.masked("sc://h:1/;use_ssl=true;token=s3cr3t"), "sc://h:1/;use_ssl=true;token=***")
    XCTAssertEqual(SparkAddress.masked("sc://h:1"), "sc://h:1")
  }
}
