extension SiameseNetwork {
  /// The head's weights `w` (one per embedding dimension) and bias `b`, for scoring cached
  /// embeddings without the network: logit = b + Σ wₖ·|e1ₖ − e2ₖ|.
  public var headParameters: (weights: [Float], bias: Float) {
    (parameters[headIndex].scalars, parameters[headIndex + 1].scalars[0])
  }
}
