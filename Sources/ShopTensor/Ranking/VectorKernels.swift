// Small dense-vector loops shared by the recommender kernels, eight lanes at a time (the
// compiler does not reassociate a float sum on its own, so a scalar loop stays scalar).

@inline(__always)
func _dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
  var acc = SIMD8<Float>()
  var k = 0
  while k &+ 8 <= n {
    acc += UnsafeRawPointer(a + k).loadUnaligned(as: SIMD8<Float>.self)
      * UnsafeRawPointer(b + k).loadUnaligned(as: SIMD8<Float>.self)
    k = k &+ 8
  }
  var s = acc.sum()
  while k < n {
    s += a[k] * b[k]
    k = k &+ 1
  }
  return s
}

/// y += alpha * x
@inline(__always)
func _axpy(_ alpha: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
  var k = 0
  while k < n {
    y[k] += alpha * x[k]
    k = k &+ 1
  }
}
