/// Principal components of row vectors, for drawing high-dimensional embeddings on a 2-D map.
///
/// The rows are centred on their mean and the leading eigenvectors of their covariance are found
/// without ever forming the d × d covariance (d can be 5,120): block subspace iteration with a
/// Rayleigh–Ritz step multiplies the centred n × d data and its transpose by a few vectors at a
/// time, in Double. See `PrincipalComponents+SubspaceIteration.swift` for the stopping rule.
///
/// Deterministic: the start block comes from a fixed-seed generator, every sum runs in a fixed
/// order, and each component's sign is chosen so that its largest-magnitude loading (the first
/// such coordinate on a tie) is positive. The same rows give the same bytes.
///
/// Numerical contract: when `converged` is true, each returned component u with variance λ
/// has covariance residual ‖Cu − λu‖ ≤ 1e-9 · λ₁ (λ₁ the largest variance), so its coordinates
/// are accurate to about 1e-9 · λ₁ / (gap to the other eigenvalues). Otherwise the iteration
/// stopped at its pass cap, which happens when the leading eigenvalues lie within a few percent
/// of the rest; such components are individually ill-defined (only their span is), as in any
/// PCA. When the data have fewer than `components` directions of variance (for example points
/// on a line), the extra components are unit vectors orthogonal to the others with an explained
/// variance of 0 (up to rounding).
public struct PrincipalComponents: Sendable, Codable, Equatable {
  /// The length of each row vector.
  public let dimension: Int
  /// The mean row, `dimension` values, subtracted before projecting.
  public let mean: [Double]
  /// The components, each a unit vector of `dimension` values, by decreasing explained variance.
  public let components: [[Double]]
  /// The variance of the data along each component (covariance eigenvalue, divisor n − 1; 0
  /// when there is a single row).
  public let explainedVariance: [Double]
  /// Each component's share of the total variance, in [0, 1]; all 0 when every row is the same.
  public let explainedVarianceRatio: [Double]
  /// The fitted rows projected on the components: n rows of `components.count` coordinates.
  public let coordinates: [[Double]]
  /// Whether the iteration met its tolerance (see the type's numerical contract).
  public let converged: Bool

  /// Fits the leading principal components of `rows`.
  ///
  /// - Parameters:
  ///   - rows: n × `dimension` values, row-major: row i is
  ///     `rows[i * dimension ..< (i + 1) * dimension]`.
  ///   - dimension: the length d of a row.
  ///   - components: how many components to keep, 1...d (default 2).
  /// - Precondition: at least one row, `rows.count` a multiple of `dimension`, all values finite.
  /// - Complexity: about 2 · n · d · (components + 14) multiply-adds per pass; see
  ///   `PrincipalComponents+SubspaceIteration.swift` for the number of passes (at most 100).
  public init(rows: [Float], dimension: Int, components: Int = 2) {
    precondition(dimension >= 1, "dimension must be at least 1, got \(dimension)")
    precondition(
      !rows.isEmpty && rows.count % dimension == 0,
      "rows must hold one or more whole \(dimension)-value rows, got \(rows.count) values")
    precondition(
      (1...dimension).contains(components),
      "components must be in 1...\(dimension), got \(components)")
    precondition(rows.allSatisfy(\.isFinite), "PCA needs finite values")
    let n = rows.count / dimension

    var mean = [Double](repeating: 0, count: dimension)
    for i in 0..<n {
      for t in 0..<dimension { mean[t] += Double(rows[i * dimension + t]) }
    }
    for t in 0..<dimension { mean[t] /= Double(n) }
    let centred = Self.centre(rows, mean: mean)

    let result = SubspaceIteration(centred: centred, rowCount: n, dimension: dimension)
      .leadingEigenvectors(count: components)
    let totalSquares = centred.reduce(0) { $0 + $1 * $1 }
    let divisor = Double(max(n - 1, 1))

    self.dimension = dimension
    self.mean = mean
    self.components = result.vectors.map(Self.withSignConvention)
    self.explainedVariance = result.values.map { max($0, 0) / divisor }
    self.explainedVarianceRatio = result.values.map {
      totalSquares > 0 ? min(max($0 / totalSquares, 0), 1) : 0
    }
    self.coordinates = Self.project(centred: centred, dimension: dimension, on: self.components)
    self.converged = result.converged
  }

  /// Projects rows onto the components: (row − mean) · component for each component.
  ///
  /// Use it to place other rows (training images, say) on the same map as the fitted ones;
  /// projecting the fitted rows again gives exactly `coordinates`.
  /// - Parameter rows: m × `dimension` values, row-major.
  /// - Returns: m rows of `components.count` coordinates.
  public func project(_ rows: [Float]) -> [[Double]] {
    precondition(
      rows.count % dimension == 0,
      "rows must hold whole \(dimension)-value rows, got \(rows.count) values")
    let centred = Self.centre(rows, mean: mean)
    return Self.project(centred: centred, dimension: dimension, on: components)
  }

  private static func centre(_ rows: [Float], mean: [Double]) -> [Double] {
    let d = mean.count
    var centred = [Double](repeating: 0, count: rows.count)
    for index in rows.indices { centred[index] = Double(rows[index]) - mean[index % d] }
    return centred
  }

  private static func project(
    centred: [Double], dimension: Int, on components: [[Double]]
  ) -> [[Double]] {
    let n = centred.count / dimension
    return centred.withUnsafeBufferPointer { data in
      (0..<n).map { i in
        components.map { component in
          component.withUnsafeBufferPointer { c in
            DenseKernels.dot(
              data.baseAddress! + i * dimension, c.baseAddress!, count: dimension)
          }
        }
      }
    }
  }

  /// Flips a component so that its largest-magnitude loading (the first on a tie) is positive.
  private static func withSignConvention(_ vector: [Double]) -> [Double] {
    var largest = 0
    for t in vector.indices where abs(vector[t]) > abs(vector[largest]) { largest = t }
    return vector[largest] < 0 ? vector.map { -$0 } : vector
  }
}
