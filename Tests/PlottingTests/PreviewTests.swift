import Foundation
import Plotting
import Testing

/// Writes sample figures for a person to look at. Set PLOTTING_PREVIEW_DIR to a folder to run
/// it; it checks only that the files are written, the look is judged by eye.
@Test(.enabled(if: ProcessInfo.processInfo.environment["PLOTTING_PREVIEW_DIR"] != nil))
func writePreviewFigures() throws {
  let folder = URL(
    fileURLWithPath: ProcessInfo.processInfo.environment["PLOTTING_PREVIEW_DIR"] ?? "/tmp")
  let fpr: [Double] = [0, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 1]
  let roc = LineChart.roc(
    title: "ROC of same-class detection on the test split",
    curves: [
      .init(
        name: "Learned distance (AUC 0.91)", falsePositiveRates: fpr,
        truePositiveRates: fpr.map { pow($0, 0.25) }, color: Palette.scorerColor(0)),
      .init(
        name: "Pixel distance (AUC 0.64)", falsePositiveRates: fpr,
        truePositiveRates: fpr.map { pow($0, 0.6) }, color: Palette.scorerColor(1)),
    ])
  let ways = [2, 5, 10, 20, 30]
  func curve(_ name: String, _ k: Double, _ index: Int) -> LineChart.AccuracyCurve {
    let acc = ways.map { 1 / (1 + k * log(Double($0))) }
    return .init(
      name: name, ways: ways, accuracy: acc, lower: acc.map { $0 - 0.05 },
      upper: acc.map { min(1, $0 + 0.05) }, color: Palette.scorerColor(index))
  }
  let accuracy = LineChart.accuracyVersusWays(
    title: "One-shot accuracy against N (95 % Wilson intervals)",
    curves: [curve("Learned distance", 0.3, 0), curve("Pixel distance", 1.2, 1)])
  let epochs = (1...40).map(Double.init)
  let loss = LineChart.lossCurves(
    title: "Training and validation loss", lossName: "Contrastive loss (mean per pair)",
    curves: [
      .init(
        name: "Training", epochs: epochs, losses: epochs.map { 0.1 + 0.9 * exp(-$0 / 8) },
        color: Palette.scorerColor(1)),
      .init(
        name: "Validation", epochs: epochs,
        losses: epochs.map { 0.18 + 0.8 * exp(-$0 / 9) + 0.002 * max(0, $0 - 22) },
        color: Palette.scorerColor(0), dashed: true),
    ],
    markers: [
      .init(x: 22, label: "best epoch 22", color: Palette.scorerColor(2)),
      .init(x: 15, label: "LR 5e-5"), .init(x: 16, label: "LR 1e-5"),
    ])
  let confusion = ConfusionMatrixChart(
    title: "Confusion matrix, 3-way tests", labels: ["Normal", "Pneumonia", "COVID-19"],
    counts: [[180, 15, 5], [22, 160, 18], [4, 30, 166]])
  var cells: [ImageGrid.Cell] = []
  for i in 0..<6 {
    let w = 48
    let samples = (0..<(w * w)).map { p -> Float in
      let x = Float(p % w) / Float(w) - 0.5
      let y = Float(p / w) / Float(w) - 0.5
      return max(0, 1 - 2.4 * (x * x + y * y) * Float(1 + i % 3))
    }
    // Only a pair's first cell carries the pair caption.
    let first = i % 2 == 0
    let same = i % 4 == 0
    cells.append(
      .init(
        pixels: PlotImage(width: w, height: w, channels: 1, samples: samples),
        caption: first ? (same ? "Same" : "Different") : "",
        captionColor: same ? Palette.positive : Palette.negative))
  }
  let pairs = ImageGrid(
    title: "Training pairs", columns: 3, cells: cells, cellSize: 110, layout: .pairs)
  let grid = ImageGrid(
    title: "Examples per class", columns: 3,
    cells: cells.map {
      .init(
        pixels: $0.pixels,
        caption: "image_\($0.caption).png")
    }, cellSize: 100, rowHeaders: ["Normal", "Pneumonia"])
  let scatter = ScatterChart(
    title: "Embeddings (first two principal components)", xLabel: "PC 1 (a.u.)",
    yLabel: "PC 2 (a.u.)",
    groups: (0..<3).map { c in
      .init(
        name: ["Normal", "Pneumonia", "COVID-19"][c], color: Palette.classColor(c),
        points: (0..<20).map { i in
          (Double(c) * 2 + sin(Double(i * 7 + c)), Double(c) + cos(Double(i * 3)))
        }, marker: [MarkerShape.filledCircle, .hollowSquare, .cross][c])
    })
  let figures: [(String, any Figure)] = [
    ("roc", roc), ("accuracy", accuracy), ("loss", loss), ("confusion", confusion),
    ("pairs", pairs), ("grid", grid), ("scatter", scatter),
  ]
  for (name, figure) in figures {
    let url = folder.appendingPathComponent("preview-\(name).png")
    try figure.writePNG(to: url)
    #expect(FileManager.default.fileExists(atPath: url.path))
  }
}
