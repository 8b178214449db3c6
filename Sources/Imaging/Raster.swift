/// A decoded image held as floating-point samples.
///
/// Layout is row-major with interleaved channels: the sample for column `x`, row `y` and channel
/// `c` sits at `(y * width + x) * channels + c`. Samples are in [0, 1], where 0 is black and 1 is
/// full intensity. `channels` is 1 (gray) or 3 (RGB); alpha never survives decoding.
public struct Raster: Sendable, Equatable {
  /// Width in pixels, at least 1.
  public let width: Int
  /// Height in pixels, at least 1.
  public let height: Int
  /// Samples per pixel: 1 for gray, 3 for RGB.
  public let channels: Int
  /// `width * height * channels` samples in [0, 1], row-major, channels interleaved.
  public var samples: [Float]

  /// Wraps existing samples. The count must match the shape; anything else is a programmer error.
  public init(width: Int, height: Int, channels: Int, samples: [Float]) {
    precondition(width > 0 && height > 0, "Raster size must be positive, got \(width)x\(height)")
    precondition(channels == 1 || channels == 3, "Raster channels must be 1 or 3, got \(channels)")
    precondition(
      samples.count == width * height * channels,
      "Raster \(width)x\(height)x\(channels) needs \(width * height * channels) samples, "
        + "got \(samples.count)")
    self.width = width
    self.height = height
    self.channels = channels
    self.samples = samples
  }

  /// The sample at column `x`, row `y`, channel `channel`.
  public subscript(x: Int, y: Int, channel: Int = 0) -> Float {
    get { samples[(y * width + x) * channels + channel] }
    set { samples[(y * width + x) * channels + channel] = newValue }
  }

  /// Mean over every sample of every channel, accumulated in Double so that the result does not
  /// depend on image size through rounding drift.
  public var meanSample: Float {
    var total = 0.0
    for value in samples { total += Double(value) }
    return Float(total / Double(samples.count))
  }
}
