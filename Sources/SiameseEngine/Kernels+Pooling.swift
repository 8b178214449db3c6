extension Kernels {
  /// 2×2 max pooling with stride 2 over `count` NHWC images of `height×width×channels`; odd
  /// trailing rows and columns are dropped (Keras "valid" pooling). Optionally adds a
  /// per-channel `bias` and applies ReLU to the pooled value, which equals pooling the
  /// biased, rectified input because both maps are monotone. Runs on the calling thread.
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
    for row in 0..<(count * pooledHeight) {
      let image = row / pooledHeight
      let py = row % pooledHeight
      let top = input + ((image * height + 2 * py) * width) * channels
      let bottom = top + width * channels
      let out = output + row * pooledWidth * channels
      let won = argmax + row * pooledWidth * channels
      for px in 0..<pooledWidth {
        let a = top + 2 * px * channels
        let b = a + channels
        let c = bottom + 2 * px * channels
        let d = c + channels
        let o = out + px * channels
        let w = won + px * channels
        // Strict comparisons keep the earliest position on ties, as the docs promise.
        for k in 0..<channels {
          var best = a[k]
          var index: UInt8 = 0
          if b[k] > best {
            best = b[k]
            index = 1
          }
          if c[k] > best {
            best = c[k]
            index = 2
          }
          if d[k] > best {
            best = d[k]
            index = 3
          }
          o[k] = best
          w[k] = index
        }
        if let bias {
          for k in 0..<channels { o[k] += bias[k] }
        }
        if relu {
          for k in 0..<channels { o[k] = max(o[k], 0) }
        }
      }
    }
  }

  /// The gradient of `maxPoolForward`: each output gradient goes to the winning input position
  /// (zero elsewhere, and zero everywhere in the window when ReLU clipped the output to 0).
  /// Overwrites all of `inputGradient`. Runs on the calling thread.
  static func maxPoolBackward(
    outputGradient: UnsafePointer<Float>, output: UnsafePointer<Float>,
    argmax: UnsafePointer<UInt8>, relu: Bool, count: Int, height: Int, width: Int,
    channels: Int, inputGradient: UnsafeMutablePointer<Float>
  ) {
    let pooledHeight = height / 2
    let pooledWidth = width / 2
    inputGradient.update(repeating: 0, count: count * height * width * channels)
    for row in 0..<(count * pooledHeight) {
      let image = row / pooledHeight
      let py = row % pooledHeight
      let top = inputGradient + ((image * height + 2 * py) * width) * channels
      let rowStart = row * pooledWidth * channels
      for px in 0..<pooledWidth {
        let window = top + 2 * px * channels
        for k in 0..<channels {
          let index = rowStart + px * channels + k
          if relu && !(output[index] > 0) { continue }
          let winner = Int(argmax[index])
          window[(winner >> 1) * width * channels + (winner & 1) * channels + k] =
            outputGradient[index]
        }
      }
    }
  }
}
