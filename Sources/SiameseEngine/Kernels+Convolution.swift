extension Kernels {
  /// Convolution (im2col + SGEMM), bias, optional ReLU and optional 2×2 max pooling over
  /// `count` images. Images are split into tasks shared out between workers; each task is
  /// worked through in chunks whose patch matrix fits the geometry's budget.
  ///
  /// - output: `count × outputHeight × outputWidth × outputChannels`, or the pooled size when
  ///   `pool`; `argmax` (pooled size) is required when `pool`.
  static func convolutionForward(
    _ g: ConvolutionGeometry, pool: Bool, relu: Bool, kernel: UnsafePointer<Float>,
    bias: UnsafePointer<Float>, input: UnsafePointer<Float>, count: Int,
    output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<UInt8>?
  ) {
    BLASRuntime.ensureConfigured()
    let (k, b, x, y) = (
      SharedConstPointer(kernel), SharedConstPointer(bias), SharedConstPointer(input),
      SharedPointer(output)
    )
    let winners = argmax.map(SharedBytePointer.init)
    let outputSize =
      pool
      ? (g.outputHeight / 2) * (g.outputWidth / 2) * g.outputChannels
      : g.outputPixels * g.outputChannels

    let tasks = imageTasks(count)
    let chunk = g.imagesPerChunk(of: tasks.map(\.count).max() ?? 1)
    runTasks(tasks) { next in
      let columns = UnsafeMutablePointer<Float>.allocate(capacity: chunk * g.unfoldedSize)
      defer { columns.deallocate() }
      let convolved = UnsafeMutablePointer<Float>.allocate(
        capacity: pool ? chunk * g.outputPixels * g.outputChannels : 0)
      defer { convolved.deallocate() }

      while let (_, range) = next() {
        for start in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
          let images = min(chunk, range.upperBound - start)
          let rows = images * g.outputPixels
          let target = y.base + start * outputSize
          let product = pool ? convolved : target
          if g.unfoldsRows {
            rowUnfold(g, input: x.base + start * g.inputSize, into: columns)
            for ky in 0..<g.kernelHeight {
              gemm(
                m: rows, n: g.outputChannels, k: g.rowSpan,
                a: columns + ky * g.outputWidth * g.rowSpan,
                b: k.base + ky * g.rowSpan * g.outputChannels, beta: ky == 0 ? 0 : 1, c: product)
            }
          } else {
            im2col(g, input: x.base + start * g.inputSize, count: images, into: columns)
            gemm(
              m: rows, n: g.outputChannels, k: g.patchSize, a: columns, b: k.base, beta: 0,
              c: product)
          }
          if pool, let winners {
            maxPoolForward(
              input: convolved, count: images, height: g.outputHeight, width: g.outputWidth,
              channels: g.outputChannels, bias: b.base, relu: relu, output: target,
              argmax: winners.base + start * outputSize)
          } else {
            addBias(b.base, relu: relu, to: target, rows: rows, columns: g.outputChannels)
          }
        }
      }
    }
  }

  /// Gradients of `convolutionForward`. Overwrites `kernelGradient` (HWIO), `biasGradient`
  /// and `inputGradient` when given (the first layer passes nil and skips that work).
  ///
  /// Each task accumulates its images' parameter gradients privately; the partial sums are
  /// then added in task order, so the result is reproducible bit for bit, whatever the number
  /// of threads.
  static func convolutionBackward(
    _ g: ConvolutionGeometry, pool: Bool, relu: Bool, kernel: UnsafePointer<Float>,
    input: UnsafePointer<Float>, count: Int, output: UnsafePointer<Float>,
    argmax: UnsafePointer<UInt8>?, outputGradient: UnsafePointer<Float>,
    kernelGradient: UnsafeMutablePointer<Float>, biasGradient: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?
  ) {
    BLASRuntime.ensureConfigured()
    let outputSize =
      pool
      ? (g.outputHeight / 2) * (g.outputWidth / 2) * g.outputChannels
      : g.outputPixels * g.outputChannels
    let kernelSize = g.patchSize * g.outputChannels
    let partialSize = kernelSize + g.outputChannels
    let tasks = imageTasks(count)
    let chunk = g.imagesPerChunk(of: tasks.map(\.count).max() ?? 1)
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: tasks.count * partialSize)
    partials.initialize(repeating: 0, count: tasks.count * partialSize)
    defer { partials.deallocate() }

    let (k, x, y, dy) = (
      SharedConstPointer(kernel), SharedConstPointer(input), SharedConstPointer(output),
      SharedConstPointer(outputGradient)
    )
    let winners = argmax.map { SharedBytePointer(UnsafeMutablePointer(mutating: $0)) }
    let dx = inputGradient.map(SharedPointer.init)
    let sums = SharedPointer(partials)

    runTasks(tasks) { next in
      let columns = UnsafeMutablePointer<Float>.allocate(capacity: chunk * g.unfoldedSize)
      defer { columns.deallocate() }
      let preActivation = UnsafeMutablePointer<Float>.allocate(
        capacity: chunk * g.outputPixels * g.outputChannels)
      defer { preActivation.deallocate() }

      while let (task, range) = next() {
        let dKernel = sums.base + task * partialSize
        let dBias = dKernel + kernelSize
        for start in stride(from: range.lowerBound, to: range.upperBound, by: chunk) {
          let images = min(chunk, range.upperBound - start)
          let rows = images * g.outputPixels

          // The gradient with respect to the convolution's pre-activation output.
          if pool, let winners {
            maxPoolBackward(
              outputGradient: dy.base + start * outputSize, output: y.base + start * outputSize,
              argmax: winners.base + start * outputSize, relu: relu, count: images,
              height: g.outputHeight, width: g.outputWidth, channels: g.outputChannels,
              inputGradient: preActivation)
          } else {
            maskByActivation(
              gradient: dy.base + start * outputSize, output: y.base + start * outputSize,
              relu: relu, count: rows * g.outputChannels, into: preActivation)
          }

          addColumnSums(preActivation, rows: rows, columns: g.outputChannels, into: dBias)
          if g.unfoldsRows {
            backwardUnfoldedRows(
              g, kernel: k.base, input: x.base + start * g.inputSize, gradient: preActivation,
              kernelGradient: dKernel, inputGradient: dx.map { $0.base + start * g.inputSize },
              scratch: columns)
            continue
          }
          im2col(g, input: x.base + start * g.inputSize, count: images, into: columns)
          gemm(
            transposeA: true, m: g.patchSize, n: g.outputChannels, k: rows, a: columns,
            b: preActivation, beta: 1, c: dKernel)

          if let dx {
            gemm(
              transposeB: true, m: rows, n: g.patchSize, k: g.outputChannels, a: preActivation,
              b: k.base, beta: 0, c: columns)
            let target = dx.base + start * g.inputSize
            target.update(repeating: 0, count: images * g.inputSize)
            col2im(g, columns: columns, count: images, into: target)
          }
        }
      }
    }

    kernelGradient.update(from: partials, count: kernelSize)
    biasGradient.update(from: partials + kernelSize, count: g.outputChannels)
    for task in 1..<tasks.count {
      let partial = partials + task * partialSize
      for i in 0..<kernelSize { kernelGradient[i] += partial[i] }
      for i in 0..<g.outputChannels { biasGradient[i] += partial[kernelSize + i] }
    }
  }

  /// The kernel and input gradients of one image on the row-unfolded path: per kernel row
  /// ky, `dK[ky] += rows[ky…]ᵀ · dY` and `dRows[ky…] += dY · K[ky]ᵀ`, then a fold.
  static func backwardUnfoldedRows(
    _ g: ConvolutionGeometry, kernel: UnsafePointer<Float>, input: UnsafePointer<Float>,
    gradient: UnsafePointer<Float>, kernelGradient: UnsafeMutablePointer<Float>,
    inputGradient: UnsafeMutablePointer<Float>?, scratch: UnsafeMutablePointer<Float>
  ) {
    let block = g.outputWidth * g.rowSpan
    rowUnfold(g, input: input, into: scratch)
    for ky in 0..<g.kernelHeight {
      gemm(
        transposeA: true, m: g.rowSpan, n: g.outputChannels, k: g.outputPixels,
        a: scratch + ky * block, b: gradient, beta: 1,
        c: kernelGradient + ky * g.rowSpan * g.outputChannels)
    }
    guard let inputGradient else { return }
    scratch.update(repeating: 0, count: g.height * block)
    for ky in 0..<g.kernelHeight {
      gemm(
        transposeB: true, m: g.outputPixels, n: g.rowSpan, k: g.outputChannels, a: gradient,
        b: kernel + ky * g.rowSpan * g.outputChannels, beta: 1, c: scratch + ky * block)
    }
    inputGradient.update(repeating: 0, count: g.inputSize)
    rowFold(g, rows: scratch, into: inputGradient)
  }

  /// `matrix[i, j] = activation(matrix[i, j] + bias[j])`, activation ReLU or identity.
  static func addBias(
    _ bias: UnsafePointer<Float>, relu: Bool, to matrix: UnsafeMutablePointer<Float>, rows: Int,
    columns: Int
  ) {
    for row in 0..<rows {
      let line = matrix + row * columns
      for j in 0..<columns { line[j] += bias[j] }
      if relu {
        for j in 0..<columns { line[j] = max(line[j], 0) }
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
    for i in 0..<count { result[i] = output[i] > 0 ? gradient[i] : 0 }
  }
}
