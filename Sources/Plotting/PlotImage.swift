/// A small image to place in a figure: `height` rows of `width` pixels, `channels` samples per
/// pixel (1 = grey, 3 = RGB), row-major and interleaved, each sample in 0...1 (clamped when
/// drawn; NaN is rejected).
///
/// This is Plotting's own type so that it does not depend on how Imaging stores pixels.
public struct PlotImage: Sendable, Equatable {
  /// Pixels per row, > 0.
  public var width: Int
  /// Rows, > 0.
  public var height: Int
  /// 1 (grey) or 3 (RGB).
  public var channels: Int
  /// `width * height * channels` samples.
  public var samples: [Float]

  public init(width: Int, height: Int, channels: Int, samples: [Float]) {
    self.width = width
    self.height = height
    self.channels = channels
    self.samples = samples
  }

  /// Describes what is wrong with the image's shape or values, or `nil` when it can be drawn.
  var problem: String? {
    guard width > 0, height > 0 else { return "image size \(width)x\(height) is empty" }
    guard channels == 1 || channels == 3 else {
      return "image has \(channels) channels; 1 (grey) or 3 (RGB) are supported"
    }
    guard samples.count == width * height * channels else {
      return "image of \(width)x\(height)x\(channels) needs \(width * height * channels) samples, "
        + "got \(samples.count)"
    }
    if let i = samples.firstIndex(where: { !$0.isFinite }) {
      return "sample \(i) is \(samples[i])"
    }
    return nil
  }

  /// Pixels as Cairo RGB24 words (0x00RRGGBB), rounding each sample to the nearest of 256 levels.
  var rgb24Words: [UInt32] {
    func level(_ s: Float) -> UInt32 { UInt32((min(max(s, 0), 1) * 255).rounded()) }
    var words = [UInt32](repeating: 0, count: width * height)
    for i in 0..<(width * height) {
      if channels == 1 {
        let v = level(samples[i])
        words[i] = v << 16 | v << 8 | v
      } else {
        let base = i * 3
        words[i] =
          level(samples[base]) << 16 | level(samples[base + 1]) << 8 | level(samples[base + 2])
      }
    }
    return words
  }
}
