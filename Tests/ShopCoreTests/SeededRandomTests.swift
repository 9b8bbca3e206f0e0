import ShopCore
import XCTest

/// Pinned values come from an independent Python implementation of the published
/// algorithms (SplitMix64 seeding, xoshiro256** by Blackman and Vigna, Lemire's bounded
/// integers, Fisher-Yates from the top):
///
/// ```python
/// M=(1<<64)-1
/// def splitmix(s):
///     while True:
///         s=(s+0x9E3779B97F4A7C15)&M; z=s
///         z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M; z=((z^(z>>27))*0x94D049BB133111EB)&M
///         yield z^(z>>31)
/// def rotl(x,k): return ((x<<k)|(x>>(64-k)))&M
/// def xoshiro(seed):
///     g=splitmix(seed); s=[next(g) for _ in range(4)]
///     while True:
///         r=(rotl((s[1]*5)&M,7)*9)&M; t=(s[1]<<17)&M
///         s[2]^=s[0]; s[3]^=s[1]; s[1]^=s[2]; s[0]^=s[3]; s[2]^=t; s[3]=rotl(s[3],45)
///         yield r
/// def nextInt(g,b):
///     m=next(g)*b
///     if (m&M)<b:
///         th=((1<<64)-b)%b
///         while (m&M)<th: m=next(g)*b
///     return m>>64
/// g=xoshiro(42); [hex(next(g)) for _ in range(5)]
/// g=xoshiro(0); [hex(next(g)) for _ in range(3)]
/// g=xoshiro(42); [(next(g)>>11)*2**-53 for _ in range(3)]
/// g=xoshiro(7); [nextInt(g,6) for _ in range(12)]
/// a=list(range(10)); g=xoshiro(42)
/// for i in range(9,0,-1): j=nextInt(g,i+1); a[i],a[j]=a[j],a[i]
/// ```
final class SeededRandomTests: XCTestCase {
  func testPinnedOutputsForSeed42And0() {
    var r = SeededRandom(seed: 42)
    XCTAssertEqual(
      (0..<5).map { _ in r.next() },
      [0x1578_0b2e_0c2e_c716, 0x6104_d986_6d11_3a7e, 0xae17_5332_39e4_99a1, 0xecb8_ad47_03b3_60a1, 0xfde6_dc7f_e2ec_5e64])
    var z = SeededRandom(seed: 0)
    XCTAssertEqual((0..<3).map { _ in z.next() }, [0x99ec_5f36_cb75_f2b4, 0xbf6e_1f78_4956_452a, 0x1a5f_849d_4933_e6e0])
  }

  func testPinnedUnitDoubles() {
    var r = SeededRandom(seed: 42)
    XCTAssertEqual((0..<3).map { _ in r.nextUnit() }, [0.08386297105988216, 0.3789802506626686, 0.6800434110281394])
  }

  func testPinnedBoundedIntegersAndShuffle() {
    var r = SeededRandom(seed: 7)
    XCTAssertEqual((0..<12).map { _ in r.nextInt(below: 6) }, [4, 1, 5, 5, 5, 5, 0, 0, 2, 0, 3, 4])
    var s = SeededRandom(seed: 42)
    var a = Array(0..<10)
    s.shuffle(&a)
    XCTAssertEqual(a, [9, 1, 4, 2, 8, 7, 6, 5, 3, 0])
  }

  func testSameSeedSameSequenceDifferentSeedDifferent() {
    var a = SeededRandom(seed: 123_456_789)
    var b = SeededRandom(seed: 123_456_789)
    var c = SeededRandom(seed: 123_456_790)
    let xs = (0..<1000).map { _ in a.next() }
    XCTAssertEqual(xs, (0..<1000).map { _ in b.next() })
    let ys = (0..<1000).map { _ in c.next() }
    XCTAssertEqual(zip(xs, ys).filter { $0 == $1 }.count, 0)
    XCTAssertEqual(Set(xs).count, 1000)
  }

  func testNextIntBoundsAndUniformity() {
    var r = SeededRandom(seed: 1)
    for _ in 0..<1000 { XCTAssertEqual(r.nextInt(below: 1), 0) }
    var counts = [Int](repeating: 0, count: 10)
    let draws = 100_000
    for _ in 0..<draws { counts[r.nextInt(below: 10)] += 1 }
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.999 quantile.
    let expected = Double(draws) / 10
    let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
    XCTAssertLessThan(chi2, 27.9, "counts \(counts)")
    // A bound near 2^63 still lands inside, and both halves are hit.
    var high = 0
    for _ in 0..<1000 {
      let v = r.nextInt(below: Int.max)
      XCTAssert(v >= 0 && v < Int.max)
      if v > Int.max / 2 { high += 1 }
    }
    XCTAssert(high > 400 && high < 600, "high half hit \(high) times of 1000")
  }

  func testUnitRangesAndGaussianMoments() {
    var r = SeededRandom(seed: 99)
    var sum = 0.0
    for _ in 0..<10_000 {
      let u = r.nextUnit()
      let f = r.nextUnitFloat()
      XCTAssert(u >= 0 && u < 1)
      XCTAssert(f >= 0 && f < 1)
      sum += u
    }
    assertNear(sum / 10_000, 0.5, 0.01)
    var total = 0.0
    var squares = 0.0
    let n = 50_000
    for _ in 0..<n {
      let g = r.nextGaussian()
      XCTAssert(g.isFinite)
      total += g
      squares += g * g
    }
    let mean = total / Double(n)
    // Standard error of the mean is 1/sqrt(50000) = 0.0045; of the variance about 0.0063.
    assertNear(mean, 0, 0.02)
    assertNear(squares / Double(n) - mean * mean, 1, 0.03)
  }

  func testShuffleIsAPermutationAndDeterministic() {
    var a = Array(0..<1000)
    var b = a
    var r1 = SeededRandom(seed: 5)
    var r2 = SeededRandom(seed: 5)
    r1.shuffle(&a)
    r2.shuffle(&b)
    XCTAssertEqual(a, b)
    XCTAssertNotEqual(a, Array(0..<1000))
    XCTAssertEqual(a.sorted(), Array(0..<1000))
    var empty: [Int] = []
    var one = [7]
    r1.shuffle(&empty)
    r1.shuffle(&one)
    XCTAssertEqual(one, [7])
  }

  private func assertNear(_ x: Double, _ target: Double, _ tolerance: Double, line: UInt = #line) {
    XCTAssert(abs(x - target) <= tolerance, "\(x) is not within \(tolerance) of \(target)", line: line)
  }
}
