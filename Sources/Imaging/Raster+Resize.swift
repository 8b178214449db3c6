extension Raster {
  /// This image scaled to `width` x `height` pixels (aspect ratio not kept), channels unchanged.
  ///
  /// Each axis is handled on its own, so a resize may shrink one axis and enlarge the other:
  /// - shrinking: output pixel `i` covers the source interval `[i * s, (i + 1) * s)` with
  ///   `s = source / target`, and its value is the exact area-weighted mean of the source pixels
  ///   it overlaps, partly covered pixels weighted by the covered fraction (4 -> 2 averages
  ///   pairs; 3 -> 2 gives weights 2/3, 1/3 and 1/3, 2/3);
  /// - enlarging: bilinear interpolation between pixel centres, `x_src = (i + 0.5) / scale - 0.5`
  ///   clamped to the image, so edge pixels are repeated rather than faded to black;
  /// - equal size: samples are copied unchanged.
  ///
  /// Weights are computed in Double and applied in Float; every output is a convex combination
  /// of inputs, so samples stay in [0, 1].
  public func resized(width newWidth: Int, height newHeight: Int) -> Raster {
    precondition(
      newWidth > 0 && newHeight > 0,
      "resize target must be positive, got "
        + "\(newWidth)x\(newHeight)")
    if newWidth == width && newHeight == height { return self }

    let columns = ResampleTaps(source: width, target: newWidth)
    let rows = ResampleTaps(source: height, target: newHeight)

    // Horizontal pass: height x newWidth.
    var wide = [Float](repeating: 0, count: height * newWidth * channels)
    for y in 0..<height {
      let sourceRow = y * width * channels
      let outRow = y * newWidth * channels
      for x in 0..<newWidth {
        let tap = columns.taps[x]
        for c in 0..<channels {
          var sum: Float = 0
          for k in 0..<tap.weights.count {
            sum += tap.weights[k] * samples[sourceRow + (tap.first + k) * channels + c]
          }
          wide[outRow + x * channels + c] = sum
        }
      }
    }

    // Vertical pass: newHeight x newWidth.
    let rowLength = newWidth * channels
    var out = [Float](repeating: 0, count: newHeight * rowLength)
    for y in 0..<newHeight {
      let tap = rows.taps[y]
      for k in 0..<tap.weights.count {
        let weight = tap.weights[k]
        let sourceRow = (tap.first + k) * rowLength
        for i in 0..<rowLength { out[y * rowLength + i] += weight * wide[sourceRow + i] }
      }
    }
    return Raster(width: newWidth, height: newHeight, channels: channels, samples: out)
  }
}

/// For each output index along one axis, the first source index it reads and the weights of
/// consecutive source indices from there; weights sum to 1.
private struct ResampleTaps {
  struct Tap {
    var first: Int
    var weights: [Float]
  }
  var taps: [Tap]

  init(source: Int, target: Int) {
    if target == source {
      taps = (0..<target).map { Tap(first: $0, weights: [1]) }
    } else if target < source {
      taps = (0..<target).map { Self.area(index: $0, source: source, target: target) }
    } else {
      taps = (0..<target).map { Self.bilinear(index: $0, source: source, target: target) }
    }
  }

  /// Overlap of `[i * s, (i + 1) * s)` with each source pixel `[j, j + 1)`, divided by `s`.
  /// Interval ends are kept as exact fractions over `target` to avoid drift at the edges.
  private static func area(index: Int, source: Int, target: Int) -> Tap {
    let start = index * source
    let end = (index + 1) * source  // in units of 1 / target
    let first = start / target
    let last = (end - 1) / target
    var weights: [Float] = []
    for j in first...last {
      let lo = max(start, j * target)
      let hi = min(end, (j + 1) * target)
      weights.append(Float(Double(hi - lo) / Double(source)))
    }
    return Tap(first: first, weights: weights)
  }

  private static func bilinear(index: Int, source: Int, target: Int) -> Tap {
    let position = (Double(index) + 0.5) * Double(source) / Double(target) - 0.5
    let clamped = min(max(position, 0), Double(source - 1))
    let first = min(Int(clamped), source - 1)
    let fraction = clamped - Double(first)
    if first + 1 >= source || fraction == 0 { return Tap(first: first, weights: [1]) }
    return Tap(first: first, weights: [Float(1 - fraction), Float(fraction)])
  }
}
