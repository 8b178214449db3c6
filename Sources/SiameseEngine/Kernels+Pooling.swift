extension Kernels {
  /// 2×2 max pooling with stride 2 over `count` NHWC images of `height×width×channels`; odd
  /// trailing rows and columns are dropped (Keras "valid" pooling). Optionally adds a
  /// per-channel `bias` and applies ReLU to the pooled value, which equals pooling the
  /// biased, rectified input because both maps are monotone.
  ///
  /// `argmax` receives, per output value, which of the four window positions won
  /// (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right); ties go to the first position.
  static func maxPoolForward(
    input: UnsafePointer<Float>, count: Int, height: Int, width: Int, channels: Int,
    bias: UnsafePointer<Float>?, relu: Bool,
    output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<UInt8>
  ) {
    let pooledHeight = height / 2
    let pooledWidth = width / 2
    let source = SharedConstPointer(input)
    let target = SharedPointer(output)
    let winners = SharedBytePointer(argmax)
    let biasPointer = bias.map(SharedConstPointer.init)
    parallelFor(count * pooledHeight) { rows in
      for row in rows {
        let image = row / pooledHeight
        let py = row % pooledHeight
        let top = source.base + ((image * height + 2 * py) * width) * channels
        let bottom = top + width * channels
        let out = target.base + row * pooledWidth * channels
        let won = winners.base + row * pooledWidth * channels
        for px in 0..<pooledWidth {
          let left = 2 * px * channels
          for c in 0..<channels {
            var best = top[left + c]
            var index: UInt8 = 0
            let candidates = (top[left + channels + c], bottom[left + c], bottom[left + channels + c])
            if candidates.0 > best { best = candidates.0; index = 1 }
            if candidates.1 > best { best = candidates.1; index = 2 }
            if candidates.2 > best { best = candidates.2; index = 3 }
            if let biasPointer { best += biasPointer.base[c] }
            if relu { best = max(best, 0) }
            out[px * channels + c] = best
            won[px * channels + c] = index
          }
        }
      }
    }
  }

  /// The gradient of `maxPoolForward`: each output gradient goes to the winning input position
  /// (zero elsewhere, and zero everywhere in the window when ReLU clipped the output to 0).
  /// Overwrites all of `inputGradient`.
  static func maxPoolBackward(
    outputGradient: UnsafePointer<Float>, output: UnsafePointer<Float>,
    argmax: UnsafePointer<UInt8>, relu: Bool, count: Int, height: Int, width: Int,
    channels: Int, inputGradient: UnsafeMutablePointer<Float>
  ) {
    let pooledHeight = height / 2
    let pooledWidth = width / 2
    let gradient = SharedConstPointer(outputGradient)
    let pooled = SharedConstPointer(output)
    let winners = SharedBytePointer(UnsafeMutablePointer(mutating: argmax))
    let target = SharedPointer(inputGradient)
    parallelFor(count * height) { rows in
      for row in rows {
        let image = row / height
        let y = row % height
        let destination = target.base + row * width * channels
        destination.update(repeating: 0, count: width * channels)
        let py = y / 2
        guard py < pooledHeight else { continue }
        let pooledRow = (image * pooledHeight + py) * pooledWidth * channels
        let dy = UInt8((y % 2) * 2)
        for px in 0..<pooledWidth {
          for c in 0..<channels {
            let index = pooledRow + px * channels + c
            let winner = winners.base[index]
            guard winner & 2 == dy else { continue }
            if relu && !(pooled.base[index] > 0) { continue }
            destination[(2 * px + Int(winner & 1)) * channels + c] = gradient.base[index]
          }
        }
      }
    }
  }
}
