/// Ready-made line charts for the study's three recurring figures, so that every report draws
/// them the same way.
extension LineChart {
  /// One ROC curve: points in order of decreasing threshold, rates as fractions in 0...1.
  public struct ROCCurve: Sendable {
    /// Legend text, e.g. "Learned distance (AUC 0.91)".
    public var name: String
    /// x values, fractions in 0...1.
    public var falsePositiveRates: [Double]
    /// y values, fractions in 0...1, one per false positive rate.
    public var truePositiveRates: [Double]
    public var color: RGBColor

    public init(
      name: String, falsePositiveRates: [Double], truePositiveRates: [Double], color: RGBColor
    ) {
      self.name = name
      self.falsePositiveRates = falsePositiveRates
      self.truePositiveRates = truePositiveRates
      self.color = color
    }
  }

  /// ROC chart on the unit square with a dashed grey chance diagonal and the legend in the
  /// bottom-right corner (where a useful curve leaves room). Put the AUC in the curve name.
  /// - Parameters:
  ///   - xLabel, yLabel: axis titles saying what the rates count, e.g. "False positive rate
  ///     (known-class images flagged)".
  public static func roc(
    title: String, curves: [ROCCurve], xLabel: String = "False positive rate",
    yLabel: String = "True positive rate"
  ) -> LineChart {
    let chance = Series(
      name: "Chance", xs: [0, 1], ys: [0, 1], color: Palette.reference, dashed: true)
    let series = curves.map {
      Series(name: $0.name, xs: $0.falsePositiveRates, ys: $0.truePositiveRates, color: $0.color)
    }
    return LineChart(
      title: title, xLabel: xLabel, yLabel: yLabel,
      series: curves.isEmpty ? [] : [chance] + series, xRange: -0.01...1.01,
      yRange: -0.01...1.01, xTicks: stride(from: 0, through: 1, by: 0.2).map { $0 },
      yTicks: stride(from: 0, through: 1, by: 0.2).map { $0 }, legend: .bottomRight,
      width: 760, height: 620)
  }

  /// Accuracy of N-way one-shot tests for one scorer, with an interval (e.g. Wilson 95 %) per N.
  public struct AccuracyCurve: Sendable {
    /// Legend text, e.g. the scorer name.
    public var name: String
    /// The N of each test set (number of candidate classes), ascending.
    public var ways: [Int]
    /// Fraction correct, 0...1, one per N.
    public var accuracy: [Double]
    /// Interval bounds, 0...1, one per N.
    public var lower: [Double]
    public var upper: [Double]
    public var color: RGBColor

    public init(
      name: String, ways: [Int], accuracy: [Double], lower: [Double], upper: [Double],
      color: RGBColor
    ) {
      self.name = name
      self.ways = ways
      self.accuracy = accuracy
      self.lower = lower
      self.upper = upper
      self.color = color
    }
  }

  /// Accuracy against N with shaded intervals, points at the measured N, x ticks at exactly
  /// those N, and a dashed grey chance curve 1/N.
  public static func accuracyVersusWays(title: String, curves: [AccuracyCurve]) -> LineChart {
    let ways = Set(curves.flatMap(\.ways)).sorted()
    var series = curves.map {
      Series(
        name: $0.name, xs: $0.ways.map(Double.init), ys: $0.accuracy, color: $0.color,
        showsPoints: true, band: (lower: $0.lower, upper: $0.upper))
    }
    if let first = ways.first, let last = ways.last, first > 0 {
      let ns = Array(first...last).map(Double.init)
      series.insert(
        Series(
          name: "Chance (1/N)", xs: ns, ys: ns.map { 1 / $0 }, color: Palette.reference,
          dashed: true),
        at: 0)
    }
    let span = Double((ways.last ?? 1) - (ways.first ?? 0))
    let pad = max(span * 0.03, 0.3)
    return LineChart(
      title: title, xLabel: "N (candidates per trial, one of them of the anchor's class)",
      yLabel: "Accuracy (fraction of tests correct)", series: curves.isEmpty ? [] : series,
      xRange: ways.isEmpty ? nil : (Double(ways.first!) - pad)...(Double(ways.last!) + pad),
      yRange: 0...1.02, xTicks: ways.map(Double.init),
      yTicks: stride(from: 0, through: 1, by: 0.2).map { $0 })
  }

  /// One loss curve over epochs (e.g. training or validation loss).
  public struct LossCurve: Sendable {
    /// Legend text, e.g. "Training" or "Validation".
    public var name: String
    /// Epoch numbers (fractional for mid-epoch measurements), ascending.
    public var epochs: [Double]
    /// Loss values, one per epoch entry.
    public var losses: [Double]
    public var color: RGBColor
    /// Dashed line, e.g. for validation loss.
    public var dashed: Bool

    public init(
      name: String, epochs: [Double], losses: [Double], color: RGBColor, dashed: Bool = false
    ) {
      self.name = name
      self.epochs = epochs
      self.losses = losses
      self.color = color
      self.dashed = dashed
    }
  }

  /// Loss against epoch with vertical markers (e.g. "best epoch", a learning-rate change).
  /// - Parameter lossName: what the loss is, shown in the y-axis title, e.g.
  ///   "Contrastive loss (mean per pair)".
  public static func lossCurves(
    title: String, lossName: String, curves: [LossCurve], markers: [VerticalMarker] = []
  ) -> LineChart {
    let lowest = curves.flatMap(\.losses).min() ?? 0
    let highest = curves.flatMap(\.losses).max() ?? 1
    let series = curves.map {
      Series(
        name: $0.name, xs: $0.epochs, ys: $0.losses, color: $0.color, dashed: $0.dashed,
        showsPoints: $0.epochs.count <= 30)
    }
    // A loss axis starting at zero shows the scale of the improvement honestly when the loss is
    // positive; a loss that can be negative keeps the data range.
    let yRange: ClosedRange<Double>? =
      lowest >= 0 && highest > 0 && highest.isFinite ? 0...(highest * 1.08) : nil
    return LineChart(
      title: title, xLabel: "Epoch", yLabel: lossName, series: series, markers: markers,
      yRange: yRange)
  }
}
