/// The sizes of one valid-padding, stride-1 convolution over NHWC images.
struct ConvolutionGeometry: Sendable, Equatable {
  let height: Int
  let width: Int
  let inputChannels: Int
  let kernelHeight: Int
  let kernelWidth: Int
  let outputChannels: Int

  var outputHeight: Int { height - kernelHeight + 1 }
  var outputWidth: Int { width - kernelWidth + 1 }
  /// Values in one receptive field: the row length of the patch matrix.
  var patchSize: Int { kernelHeight * kernelWidth * inputChannels }
  var inputSize: Int { height * width * inputChannels }
  var outputPixels: Int { outputHeight * outputWidth }

  /// Values in one kernel row's receptive field: the row length of the row-unfolded matrix.
  var rowSpan: Int { kernelWidth * inputChannels }

  /// Whether to unfold only along the width (one SGEMM per kernel row, see `rowUnfold`)
  /// instead of building the full patch matrix.
  ///
  /// The full patch matrix of a large layer is written, packed by SGEMM and read back several
  /// times per step; for the Koch tower's conv2 it is 19 MB per image, and moving it cost
  /// more than the arithmetic. Unfolding only along the width makes it kernelHeight (7×)
  /// smaller while each SGEMM keeps an inner dimension of kernelWidth·channels (448); measured
  /// on the Koch tower this saves 10–15% of the CPU time of embedding and of a training step.
  /// Small layers, or layers with a short kernel row (conv1: 10 values), keep the full patch
  /// matrix, whose longer inner dimension suits SGEMM better there.
  var unfoldsRows: Bool { rowSpan >= 256 && outputPixels >= 1024 }

  /// Floats of scratch one image needs for its unfolded matrix.
  var unfoldedSize: Int {
    unfoldsRows ? height * outputWidth * rowSpan : outputPixels * patchSize
  }

  /// Images per chunk so that one worker's patch matrix stays within `budget` floats
  /// (24 MB by default): large enough for efficient SGEMM, small enough for the memory target.
  func imagesPerChunk(of count: Int, budget: Int = 6 << 20) -> Int {
    unfoldsRows ? 1 : max(1, min(count, budget / max(unfoldedSize, 1)))
  }
}

extension Kernels {
  /// Writes the patch matrix of `count` images: row `(n·outputHeight + y)·outputWidth + x`
  /// holds the receptive field of output pixel (y, x) of image n in (ky, kx, channel) order,
  /// which is the row order of an HWIO kernel, so a convolution is `patches × kernel`.
  static func im2col(
    _ g: ConvolutionGeometry, input: UnsafePointer<Float>, count: Int,
    into columns: UnsafeMutablePointer<Float>
  ) {
    let span = g.kernelWidth * g.inputChannels
    for row in 0..<(count * g.outputHeight) {
      let image = row / g.outputHeight
      let y = row % g.outputHeight
      for x in 0..<g.outputWidth {
        let destination = columns + (row * g.outputWidth + x) * g.patchSize
        for ky in 0..<g.kernelHeight {
          let offset = image * g.inputSize + ((y + ky) * g.width + x) * g.inputChannels
          (destination + ky * span).update(from: input + offset, count: span)
        }
      }
    }
  }

  /// The adjoint of `im2col`: adds every patch-matrix entry back onto the input pixel it came
  /// from. `gradient` must hold `count` images and is accumulated into, not overwritten.
  ///
  /// Sources are visited in a fixed order, so the sums are reproducible bit for bit.
  static func col2im(
    _ g: ConvolutionGeometry, columns: UnsafePointer<Float>, count: Int,
    into gradient: UnsafeMutablePointer<Float>
  ) {
    let span = g.kernelWidth * g.inputChannels
    for row in 0..<(count * g.height) {
      let image = row / g.height
      let inputY = row % g.height
      let rowBase = gradient + image * g.inputSize + inputY * g.width * g.inputChannels
      for ky in 0..<g.kernelHeight {
        let y = inputY - ky
        guard y >= 0 && y < g.outputHeight else { continue }
        for x in 0..<g.outputWidth {
          let from =
            columns + ((image * g.outputHeight + y) * g.outputWidth + x) * g.patchSize + ky * span
          let to = rowBase + x * g.inputChannels
          for t in 0..<span { to[t] += from[t] }
        }
      }
    }
  }
}

extension Kernels {
  /// Unfolds one image along the width only: row `iy·outputWidth + x` holds the
  /// `kernelWidth × channels` values starting at input pixel (iy, x), for every input row iy.
  /// The rows that kernel row ky needs for all output pixels are then the contiguous block
  /// starting at row `ky·outputWidth`, and the convolution is a sum of kernelHeight products.
  static func rowUnfold(
    _ g: ConvolutionGeometry, input: UnsafePointer<Float>,
    into rows: UnsafeMutablePointer<Float>
  ) {
    let span = g.rowSpan
    for inputY in 0..<g.height {
      for x in 0..<g.outputWidth {
        (rows + (inputY * g.outputWidth + x) * span).update(
          from: input + (inputY * g.width + x) * g.inputChannels, count: span)
      }
    }
  }

  /// The adjoint of `rowUnfold` for one image: adds each unfolded value back onto its input
  /// pixel. Accumulates into `gradient`, in a fixed order.
  static func rowFold(
    _ g: ConvolutionGeometry, rows: UnsafePointer<Float>,
    into gradient: UnsafeMutablePointer<Float>
  ) {
    let span = g.rowSpan
    for inputY in 0..<g.height {
      for x in 0..<g.outputWidth {
        let from = rows + (inputY * g.outputWidth + x) * span
        let to = gradient + (inputY * g.width + x) * g.inputChannels
        for t in 0..<span { to[t] += from[t] }
      }
    }
  }
}
