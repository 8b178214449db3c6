extension Raster {
  /// One-channel luma, Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601) on the stored samples
  /// (no linearisation). Returns `self` unchanged when already gray.
  public func grayscale() -> Raster {
    guard channels == 3 else { return self }
    var gray = [Float](repeating: 0, count: width * height)
    for i in gray.indices {
      let r = samples[3 * i]
      let g = samples[3 * i + 1]
      let b = samples[3 * i + 2]
      gray[i] = 0.299 * r + 0.587 * g + 0.114 * b
    }
    return Raster(width: width, height: height, channels: 1, samples: gray)
  }

  /// Three channels: a gray sample is copied to R, G and B. Returns `self` when already RGB.
  public func rgb() -> Raster {
    guard channels == 1 else { return self }
    var colour = [Float](repeating: 0, count: width * height * 3)
    for i in samples.indices {
      colour[3 * i] = samples[i]
      colour[3 * i + 1] = samples[i]
      colour[3 * i + 2] = samples[i]
    }
    return Raster(width: width, height: height, channels: 3, samples: colour)
  }
}
