/// Leading eigenpairs of XᵀX for a centred n × d matrix X, without forming XᵀX.
///
/// Block subspace iteration with a Rayleigh–Ritz step: a block Q of b = k + 6 orthonormal
/// d-vectors (fewer when d is smaller) is multiplied by XᵀX, re-orthonormalised, and after every
/// multiplication the b × b problem QᵀXᵀXQ = (XQ)ᵀ(XQ) is solved exactly. The extra six vectors
/// make the error in eigenvector j shrink like (λ_{b+1}/λ_j)^iterations instead of
/// (λ_{j+1}/λ_j)^iterations, which matters when the first eigenvalues lie close together.
///
/// Stopping rule: every Ritz pair (θ, u) among the first k has ‖XᵀXu − θu‖ ≤ 1e-10 · θ₁, or
/// `maximumIterations` passes have run; the latter returns the current (less accurate) Ritz
/// pairs. A Lanczos method with restarts would need fewer passes on slowly decaying spectra; for
/// the 2-D maps this serves, a few tens of passes of subspace iteration are enough.
struct SubspaceIteration {
  let centred: [Double]
  let rowCount: Int
  let dimension: Int

  static let extraVectors = 6
  static let maximumIterations = 300
  static let relativeResidualTolerance = 1e-10

  /// The k largest eigenvalues of XᵀX (descending) and their unit eigenvectors.
  func leadingEigenvectors(count k: Int) -> (values: [Double], vectors: [[Double]]) {
    let b = min(k + Self.extraVectors, dimension)
    var generator = SeededGenerator(seed: 0x5043_415F_5354_4152)
    var block = orthonormalised(
      (0..<b).map { _ in
        (0..<dimension).map { _ in Double.random(in: -1..<1, using: &generator) }
      })

    var iteration = 0
    while true {
      iteration += 1
      let projected = multiplyByData(block)
      var small = [Double](repeating: 0, count: b * b)
      for p in 0..<b {
        for q in p..<b { small[p * b + q] = projected[p].dotted(with: projected[q]) }
      }
      let ritz = SymmetricEigen(matrix: small, size: b)
      let images = multiplyByTranspose(projected)

      // u_j = Σ_l V[l][j]·q_l and XᵀX u_j = Σ_l V[l][j]·(XᵀX q_l), where XᵀX q_l is images[l].
      let ritzVectors = ritz.vectors.map { combination(block, $0) }
      let ritzImages = ritz.vectors.map { combination(images, $0) }
      let scale = max(ritz.values[0], 0)
      var converged = true
      for j in 0..<k {
        var residual = 0.0
        for t in 0..<dimension {
          let difference = ritzImages[j][t] - ritz.values[j] * ritzVectors[j][t]
          residual += difference * difference
        }
        if residual.squareRoot() > Self.relativeResidualTolerance * scale { converged = false }
      }

      if converged || iteration >= Self.maximumIterations || scale == 0 {
        return (Array(ritz.values.prefix(k)), Array(ritzVectors.prefix(k)))
      }
      block = orthonormalised(ritzImages)
    }
  }

  /// X·v for each v in `vectors`: returns one n-vector per input d-vector.
  private func multiplyByData(_ vectors: [[Double]]) -> [[Double]] {
    centred.withUnsafeBufferPointer { data in
      vectors.map { vector in
        vector.withUnsafeBufferPointer { v in
          (0..<rowCount).map { i in
            DenseKernels.dot(data.baseAddress! + i * dimension, v.baseAddress!, count: dimension)
          }
        }
      }
    }
  }

  /// Xᵀ·w for each w in `vectors`: returns one d-vector per input n-vector.
  private func multiplyByTranspose(_ vectors: [[Double]]) -> [[Double]] {
    centred.withUnsafeBufferPointer { data in
      vectors.map { weights in
        var result = [Double](repeating: 0, count: dimension)
        result.withUnsafeMutableBufferPointer { out in
          for i in 0..<rowCount where weights[i] != 0 {
            DenseKernels.addScaled(
              weights[i], data.baseAddress! + i * dimension, to: out.baseAddress!,
              count: dimension)
          }
        }
        return result
      }
    }
  }

  /// Σ_l coefficients[l] · vectors[l].
  private func combination(_ vectors: [[Double]], _ coefficients: [Double]) -> [Double] {
    var result = [Double](repeating: 0, count: vectors[0].count)
    for (vector, coefficient) in zip(vectors, coefficients) {
      for t in result.indices { result[t] += coefficient * vector[t] }
    }
    return result
  }

  /// Gram–Schmidt, applied twice per vector so that the result is orthonormal to rounding even
  /// when the inputs are nearly dependent. A vector that is (nearly) inside the span of those
  /// before it is replaced by the coordinate axis farthest from that span, so the block stays
  /// full rank when the data have fewer directions of variance than the block has vectors.
  private func orthonormalised(_ vectors: [[Double]]) -> [[Double]] {
    let largestNorm = vectors.map { $0.dotted(with: $0).squareRoot() }.max() ?? 0
    var basis: [[Double]] = []
    for vector in vectors {
      var candidate = removingProjections(vector, onto: basis)
      var norm = candidate.dotted(with: candidate).squareRoot()
      if norm <= 1e-13 * largestNorm || norm == 0 {
        candidate = farthestAxis(from: basis)
        candidate = removingProjections(candidate, onto: basis)
        norm = candidate.dotted(with: candidate).squareRoot()
      }
      basis.append(candidate.map { $0 / norm })
    }
    return basis
  }

  private func removingProjections(_ vector: [Double], onto basis: [[Double]]) -> [Double] {
    var result = vector
    for _ in 0..<2 {
      for direction in basis {
        let coefficient = direction.dotted(with: result)
        for t in result.indices { result[t] -= coefficient * direction[t] }
      }
    }
    return result
  }

  /// The unit axis e_t with the largest distance to the span of the orthonormal `basis`
  /// (distance² = 1 − Σ basis[l][t]²), the lowest t on a tie.
  private func farthestAxis(from basis: [[Double]]) -> [Double] {
    var best = 0
    var bestDistance = -1.0
    for t in 0..<dimension {
      let distance = 1 - basis.reduce(0) { $0 + $1[t] * $1[t] }
      if distance > bestDistance {
        best = t
        bestDistance = distance
      }
    }
    var axis = [Double](repeating: 0, count: dimension)
    axis[best] = 1
    return axis
  }
}

extension Array where Element == Double {
  fileprivate func dotted(with other: [Double]) -> Double {
    withUnsafeBufferPointer { a in
      other.withUnsafeBufferPointer { b in
        DenseKernels.dot(a.baseAddress!, b.baseAddress!, count: Swift.min(count, other.count))
      }
    }
  }
}
