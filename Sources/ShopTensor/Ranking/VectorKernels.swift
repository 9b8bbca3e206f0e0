// Small dense-vector loops shared by the recommender kernels. Four accumulators let the
// compiler keep the dot product in vector registers without reassociating on its own.

@inline(__always)
func _dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
  var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
  var k = 0
  while k &+ 4 <= n {
    s0 += a[k] * b[k]
    s1 += a[k &+ 1] * b[k &+ 1]
    s2 += a[k &+ 2] * b[k &+ 2]
    s3 += a[k &+ 3] * b[k &+ 3]
    k = k &+ 4
  }
  while k < n {
    s0 += a[k] * b[k]
    k = k &+ 1
  }
  return (s0 + s1) + (s2 + s3)
}

/// y += alpha * x
@inline(__always)
func _axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
  for k in 0..<n { y[k] += alpha * x[k] }
}
