extension SiameseNetwork {
  /// Embeds NHWC images `[n, inputSize, inputSize, channels]` into `[n, embeddingSize]`,
  /// `batchSize` images at a time (memory grows with `batchSize`, results do not depend on it).
  public func embed(_ images: Tensor, batchSize: Int = 64) -> Tensor {
    checkImages(images)
    precondition(batchSize >= 1, "batchSize must be at least 1, got \(batchSize)")
    let count = images.shape[0]
    let imageSize = images.count / max(count, 1)
    var result: [Float] = []
    result.reserveCapacity(count * configuration.embeddingSize)
    images.scalars.withUnsafeBufferPointer { all in
      for start in stride(from: 0, to: count, by: batchSize) {
        let n = min(batchSize, count - start)
        let slice = UnsafeBufferPointer(
          rebasing: all[(start * imageSize)..<((start + n) * imageSize)])
        result += towerForward(slice, count: n).embeddings
      }
    }
    return Tensor(shape: [count, configuration.embeddingSize], scalars: result)
  }

  /// The mean binary cross-entropy over `pairs` (indices into `images`) with targets `labels`
  /// (1 = same class), without the L2 penalty and without changing anything (validation).
  public func loss(images: Tensor, pairs: [(Int, Int)], labels: [Float]) -> Float {
    let embeddings = embed(images).scalars
    return Float(headPass(embeddings: embeddings, pairs: pairs, labels: labels).loss)
  }

  /// The mean binary cross-entropy over `pairs` and the gradient of the full objective
  /// (that mean plus `l2Penalty()`) with respect to every parameter, in `parameters` order.
  ///
  /// `images` holds distinct NHWC images; `pairs` index into it. Each image is embedded once
  /// and its gradient gathers the contributions of every pair it is part of, which is the same
  /// mathematics as running two towers per pair.
  public func lossAndGradients(
    images: Tensor, pairs: [(Int, Int)], labels: [Float]
  ) -> (loss: Float, gradients: [Tensor]) {
    var gradients = parameters.map { Tensor(shape: $0.shape) }
    let loss = computeGradients(
      images: images, pairs: pairs, labels: labels, into: &gradients, includingL2: true)
    return (loss, gradients)
  }

  /// One Adam step on a batch of pairs; see `lossAndGradients` for the batch layout.
  ///
  /// - Returns: the mean binary cross-entropy of the batch before the update, excluding the
  ///   L2 penalty (so it compares directly with `loss(images:pairs:labels:)`); the objective
  ///   that is minimised is this value plus `l2Penalty()`.
  @discardableResult
  public mutating func trainStep(
    images: Tensor, pairs: [(Int, Int)], labels: [Float], optimizer: inout Adam
  ) -> Float {
    // The gradient buffers (136 MB for the Koch tower) live in the optimizer between steps, so
    // they are not allocated and faulted in again each step; the L2 term is added inside the
    // Adam update instead of in a separate pass over every weight.
    var gradients = optimizer.takeWorkspace(shapes: parameters.map(\.shape))
    let loss = computeGradients(
      images: images, pairs: pairs, labels: labels, into: &gradients, includingL2: false)
    optimizer.update(&parameters, gradients: gradients, l2: l2Coefficients)
    optimizer.returnWorkspace(gradients)
    return loss
  }

  /// Fills `gradients` (shaped like `parameters`; prior contents are overwritten) with the
  /// gradient of the mean BCE, plus the L2 term when `includingL2`, and returns the mean BCE.
  func computeGradients(
    images: Tensor, pairs: [(Int, Int)], labels: [Float], into gradients: inout [Tensor],
    includingL2: Bool
  ) -> Float {
    checkImages(images)
    let count = images.shape[0]
    precondition(count >= 1, "a training batch needs at least one image")
    return images.scalars.withUnsafeBufferPointer { input in
      let cache = towerForward(input, count: count)
      let head = headPass(embeddings: cache.embeddings, pairs: pairs, labels: labels)
      towerBackward(
        input, cache: cache, embeddingGradient: head.embeddingGradient, gradients: &gradients)
      gradients[headIndex].scalars = head.kernelGradient
      gradients[headIndex + 1].scalars = [head.biasGradient]
      if includingL2 {
        for (index, lambda) in l2Coefficients.enumerated() where lambda != 0 {
          addL2Gradient(lambda, weights: parameters[index].scalars, to: &gradients[index].scalars)
        }
      }
      return Float(head.loss)
    }
  }

  func checkImages(_ images: Tensor) {
    let side = configuration.inputSize
    precondition(
      images.rank == 4 && images.shape[1] == side && images.shape[2] == side
        && images.shape[3] == configuration.channels,
      "images must be [n, \(side), \(side), \(configuration.channels)], got \(images.shape)")
  }

  /// `gradient += 2λ·w`, the derivative of λ·Σw².
  private func addL2Gradient(_ lambda: Float, weights: [Float], to gradient: inout [Float]) {
    let factor = 2 * lambda
    weights.withUnsafeBufferPointer { w in
      gradient.withUnsafeMutableBufferPointer { g in
        let (wp, gp) = (SharedConstPointer(w.baseAddress!), SharedPointer(g.baseAddress!))
        parallelFor(g.count, minimumPerWorker: 1 << 14) { range in
          for i in range { gp.base[i] += factor * wp.base[i] }
        }
      }
    }
  }

  /// The head and loss over all pairs: mean BCE, its gradient with respect to every embedding
  /// (`[n, embeddingSize]`) and the head's parameter gradients. Sums run in Double in pair order.
  func headPass(
    embeddings: [Float], pairs: [(Int, Int)], labels: [Float]
  ) -> (loss: Double, embeddingGradient: [Float], kernelGradient: [Float], biasGradient: Float) {
    precondition(pairs.count == labels.count, "one label per pair")
    precondition(!pairs.isEmpty, "a batch needs at least one pair")
    let size = configuration.embeddingSize
    let count = embeddings.count / size
    let w = parameters[headIndex].scalars
    let b = parameters[headIndex + 1].scalars[0]
    var embeddingGradient = [Float](repeating: 0, count: embeddings.count)
    var kernelGradient = [Double](repeating: 0, count: size)
    var biasGradient = 0.0
    var loss = 0.0
    let scale = 1 / Float(pairs.count)

    for ((i, j), label) in zip(pairs, labels) {
      precondition(
        (0..<count).contains(i) && (0..<count).contains(j),
        "pair (\(i), \(j)) is out of range for \(count) images")
      var logit = Double(b)
      for k in 0..<size {
        logit += Double(w[k]) * Double(abs(embeddings[i * size + k] - embeddings[j * size + k]))
      }
      let z = Float(logit)
      loss += BinaryCrossEntropy.loss(logit: z, label: label)
      let dz = BinaryCrossEntropy.gradient(logit: z, label: label) * scale
      biasGradient += Double(dz)
      for k in 0..<size {
        let difference = embeddings[i * size + k] - embeddings[j * size + k]
        kernelGradient[k] += Double(dz) * Double(abs(difference))
        // d|d|/dd is sign(d), taken as 0 at 0 (a subgradient).
        let sign: Float = difference > 0 ? 1 : (difference < 0 ? -1 : 0)
        embeddingGradient[i * size + k] += dz * w[k] * sign
        embeddingGradient[j * size + k] -= dz * w[k] * sign
      }
    }
    return (
      loss / Double(pairs.count), embeddingGradient, kernelGradient.map { Float($0) },
      Float(biasGradient)
    )
  }
}
