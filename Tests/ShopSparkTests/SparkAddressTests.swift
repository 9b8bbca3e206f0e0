import ShopSpark
import XCTest

final class SparkAddressTests: XCTestCase {
  func testHostPortDefaultsAndParameters() throws {
    XCTAssertEqual(try SparkAddress("sc://127.0.0.1:15010"), try SparkAddress("sc://127.0.0.1:15010/;user_id=a"))
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
