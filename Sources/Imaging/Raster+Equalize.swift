extension Raster {
  /// Histogram equalisation of each channel on its own, over 256 levels.
  ///
  /// A sample `v` falls on level `k = round(255 * clamp(v, 0, 1))`. With `n(k)` the count of
  /// samples on level `k` in this channel, `cdf(k) = n(0) + ... + n(k)`, `N` the channel's
  /// sample count and `cdfMin` the cdf of the darkest level in use, every sample on level `k`
  /// becomes `(cdf(k) - cdfMin) / (N - cdfMin)`. So the darkest level in use maps to exactly 0,
  /// the brightest to exactly 1, and order between levels is kept. A channel with a single level
  /// has no contrast to spread and is left unchanged.
  public func equalized() -> Raster {
    var out = samples
    let count = width * height
    for c in 0..<channels {
      var histogram = [Int](repeating: 0, count: 256)
      var levels = [UInt8](repeating: 0, count: count)
      for i in 0..<count {
        let v = min(max(samples[i * channels + c], 0), 1)
        let level = UInt8((v * 255).rounded())
        levels[i] = level
        histogram[Int(level)] += 1
      }

      var cdf = [Int](repeating: 0, count: 256)
      var running = 0
      for k in 0..<256 {
        running += histogram[k]
        cdf[k] = running
      }
      guard let darkest = histogram.firstIndex(where: { $0 > 0 }) else { continue }
      let cdfMin = cdf[darkest]
      if cdfMin == count { continue }

      let span = Float(count - cdfMin)
      let mapping = cdf.map { Float($0 - cdfMin) / span }
      for i in 0..<count { out[i * channels + c] = mapping[Int(levels[i])] }
    }
    return Raster(width: width, height: height, channels: channels, samples: out)
  }
}
