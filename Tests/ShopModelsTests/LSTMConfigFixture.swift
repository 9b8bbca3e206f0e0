import ShopModels

extension LSTMForecastConfig {
  /// A week's window and horizon with no lag or rolling-mean inputs, so a test's samples are
  /// the plain windows of the series it builds.
  static func plainWeek(validationSteps: Int) -> LSTMForecastConfig {
    var c = LSTMForecastConfig()
    c.window = 7
    c.horizon = 7
    c.lags = []
    c.rollingMeans = []
    c.validationSteps = validationSteps
    return c
  }
}
