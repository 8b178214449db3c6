extension Kernels {
  /// Convolution (im2col + SGEMM), bias, optional ReLU and optional 2×2 max pooling over
  /// `count` images, in chunks whose patch matrix fits the geometry's budget.
  ///
  /// - output: `count × outputHeight × outputWidth × outputChannels`, or the pooled size when
  ///   `pool`; `argmax` (pooled size) is required when `pool`.
  static func convolutionForward(
    _ g: ConvolutionGeometry, pool: Bool, relu: Bool, kernel: UnsafePointer<Float>,
    bias: UnsafePointer<Float>, input: UnsafePointer<Float>, count: Int,
    output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<UInt8>?
  ) {
    let chunk = g.imagesPerChunk(of: count)
    let columns = UnsafeMutablePointer<Float>.allocate(capacity: chunk * g.outputPixels * g.patchSize)
    defer { columns.deallocate() }
    let convolved =
      pool ? UnsafeMutablePointer<Float>.allocate(capacity: chunk * g.outputPixels * g.outputChannels) : nil
    defer { convolved?.deallocate() }
    let pooledSize = (g.outputHeight / 2) * (g.outputWidth / 2) * g.outputChannels

    for start in stride(from: 0, to: count, by: chunk) {
      let images = min(chunk, count - start)
      let rows = images * g.outputPixels
      im2col(g, input: input + start * g.inputSize, count: images, into: columns)

      if let convolved, let argmax {
        gemm(m: rows, n: g.outputChannels, k: g.patchSize, a: columns, b: kernel, beta: 0, c: convolved)
        maxPoolForward(
          input: convolved, count: images, height: g.outputHeight, width: g.outputWidth,
          channels: g.outputChannels, bias: bias, relu: relu,
          output: output + start * pooledSize, argmax: argmax + start * pooledSize)
      } else {
        let target = output + start * g.outputPixels * g.outputChannels
        gemm(m: rows, n: g.outputChannels, k: g.patchSize, a: columns, b: kernel, beta: 0, c: target)
        addBias(bias, relu: relu, to: target, rows: rows, columns: g.outputChannels)
      }
    }
  }

  /// Gradients of `convolutionForward`. Adds into `kernelGradient` (HWIO) and `biasGradient`;
  /// overwrites `inputGradient` when given (the first layer passes nil and skips that work).
  static func convolutionBackward(
    _ g: ConvolutionGeometry, pool: Bool, relu: Bool, kernel: UnsafePointer<Float>,
    input: UnsafePointer<Float>, count: Int, output: UnsafePointer<Float>,
    argmax: UnsafePointer<UInt8>?, outputGradient: UnsafePointer<Float>,
    kernelGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?
  ) {
    let chunk = g.imagesPerChunk(of: count)
    let columns = UnsafeMutablePointer<Float>.allocate(capacity: chunk * g.outputPixels * g.patchSize)
    defer { columns.deallocate() }
    let preActivation = UnsafeMutablePointer<Float>.allocate(
      capacity: chunk * g.outputPixels * g.outputChannels)
    defer { preActivation.deallocate() }
    let outputSize =
      pool ? (g.outputHeight / 2) * (g.outputWidth / 2) * g.outputChannels
      : g.outputPixels * g.outputChannels

    for start in stride(from: 0, to: count, by: chunk) {
      let images = min(chunk, count - start)
      let rows = images * g.outputPixels

      // The gradient with respect to the convolution's pre-activation output for this chunk.
      if pool, let argmax {
        maxPoolBackward(
          outputGradient: outputGradient + start * outputSize, output: output + start * outputSize,
          argmax: argmax + start * outputSize, relu: relu, count: images,
          height: g.outputHeight, width: g.outputWidth, channels: g.outputChannels,
          inputGradient: preActivation)
      } else {
        maskByActivation(
          gradient: outputGradient + start * outputSize, output: output + start * outputSize,
          relu: relu, count: rows * g.outputChannels, into: preActivation)
      }

      addColumnSums(preActivation, rows: rows, columns: g.outputChannels, into: biasGradient)
      im2col(g, input: input + start * g.inputSize, count: images, into: columns)
      gemm(
        transposeA: true, m: g.patchSize, n: g.outputChannels, k: rows, a: columns,
        b: preActivation, beta: 1, c: kernelGradient)

      if let inputGradient {
        gemm(
          transposeB: true, m: rows, n: g.patchSize, k: g.outputChannels, a: preActivation,
          b: kernel, beta: 0, c: columns)
        let target = inputGradient + start * g.inputSize
        target.update(repeating: 0, count: images * g.inputSize)
        col2im(g, columns: columns, count: images, into: target)
      }
    }
  }

  /// `matrix[i, j] = activation(matrix[i, j] + bias[j])`, activation ReLU or identity.
  static func addBias(
    _ bias: UnsafePointer<Float>, relu: Bool, to matrix: UnsafeMutablePointer<Float>, rows: Int,
    columns: Int
  ) {
    let target = SharedPointer(matrix)
    let offsets = SharedConstPointer(bias)
    parallelFor(rows, minimumPerWorker: 64) { range in
      for row in range {
        let line = target.base + row * columns
        if relu {
          for j in 0..<columns { line[j] = max(line[j] + offsets.base[j], 0) }
        } else {
          for j in 0..<columns { line[j] += offsets.base[j] }
        }
      }
    }
  }

  /// `result = gradient ⊙ relu'(output)` (ReLU' taken as 0 at 0), or a copy without ReLU.
  static func maskByActivation(
    gradient: UnsafePointer<Float>, output: UnsafePointer<Float>, relu: Bool, count: Int,
    into result: UnsafeMutablePointer<Float>
  ) {
    guard relu else {
      result.update(from: gradient, count: count)
      return
    }
    let source = SharedConstPointer(gradient)
    let values = SharedConstPointer(output)
    let target = SharedPointer(result)
    parallelFor(count, minimumPerWorker: 4096) { range in
      for i in range { target.base[i] = values.base[i] > 0 ? source.base[i] : 0 }
    }
  }
}
