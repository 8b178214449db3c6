import Evaluation
import Testing

@Suite struct PrincipalComponentsTests {
  // Points a + t·(1, 2, 2) on a line: all variance lies along (1, 2, 2)/3. The largest loading
  // 2/3 appears first at coordinate 1, which the sign convention makes positive.
  @Test func pointsOnALineHaveOneComponentWithAllTheVariance() throws {
    let offsets: [Float] = [-2, -1, 0, 1, 5]
    let rows = offsets.flatMap { t in [3 + t, -1 + 2 * t, 0.5 + 2 * t] }
    let pca = PrincipalComponents(rows: rows, dimension: 3)

    try #require(pca.components.count == 2 && pca.explainedVarianceRatio.count == 2)
    #expect(pca.converged)
    #expect(abs(pca.explainedVarianceRatio[0] - 1) < 1e-12)
    #expect(abs(pca.explainedVarianceRatio[1]) < 1e-12)
    let expected = [1.0 / 3, 2.0 / 3, 2.0 / 3]
    for t in 0..<3 { #expect(abs(pca.components[0][t] - expected[t]) < 1e-12) }

    // Projection onto (1, 2, 2)/3 of (t − mean t)·(1, 2, 2) is 3·(t − mean t); mean t is 0.6.
    for (i, t) in offsets.enumerated() {
      #expect(abs(pca.coordinates[i][0] - 3 * (Double(t) - 0.6)) < 1e-9)
    }
    #expect(abs(pca.mean[0] - 3.6) < 1e-12)

    let second = pca.components[1]
    #expect(abs(zip(second, second).map(*).reduce(0, +) - 1) < 1e-12)
    #expect(abs(zip(second, pca.components[0]).map(*).reduce(0, +)) < 1e-12)
  }

  static func randomRows(n: Int, d: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    // Column scales fall off so that the leading components are well separated.
    return (0..<(n * d)).map { index in
      Float.random(in: -1..<1, using: &generator) * Float(d - index % d) / Float(d)
    }
  }

  @Test(arguments: [(30, 6), (9, 200), (200, 64)])
  func componentsAreOrthonormalAndVariancesConsistent(n: Int, d: Int) {
    let rows = Self.randomRows(n: n, d: d, seed: UInt64(n * 1000 + d))
    let pca = PrincipalComponents(rows: rows, dimension: d, components: 3)
    #expect(pca.converged)

    for a in 0..<3 {
      for b in 0..<3 {
        let dot = zip(pca.components[a], pca.components[b]).map(*).reduce(0, +)
        #expect(abs(dot - (a == b ? 1 : 0)) < 1e-12, "components \(a), \(b)")
      }
    }
    #expect(pca.explainedVarianceRatio == pca.explainedVarianceRatio.sorted(by: >))
    #expect(pca.explainedVarianceRatio.reduce(0, +) <= 1 + 1e-12)

    // The variance of the fitted coordinates along a component is that component's variance.
    for j in 0..<3 {
      let values = pca.coordinates.map { $0[j] }
      let mean = values.reduce(0, +) / Double(n)
      let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
      #expect(abs(mean) < 1e-9)
      #expect(abs(variance - pca.explainedVariance[j]) <= 1e-9 * pca.explainedVariance[j])
    }
  }

  @Test func projectingTheFittedRowsReproducesTheirCoordinatesExactly() {
    let rows = Self.randomRows(n: 25, d: 40, seed: 3)
    let pca = PrincipalComponents(rows: rows, dimension: 40)
    #expect(pca.project(rows) == pca.coordinates)
    #expect(pca.project(Array(rows[40..<80])) == [pca.coordinates[1]])
  }

  @Test func theSameRowsGiveTheSameResult() {
    let rows = Self.randomRows(n: 50, d: 33, seed: 11)
    let first = PrincipalComponents(rows: rows, dimension: 33)
    let second = PrincipalComponents(rows: rows, dimension: 33)
    #expect(first == second)
  }

  @Test func identicalRowsHaveNoVariance() {
    let rows = [Float](repeating: 0.25, count: 4 * 5)
    let pca = PrincipalComponents(rows: rows, dimension: 5)
    #expect(pca.explainedVarianceRatio == [0, 0])
    #expect(pca.explainedVariance == [0, 0])
    #expect(pca.coordinates.allSatisfy { $0 == [0, 0] })
  }
}
