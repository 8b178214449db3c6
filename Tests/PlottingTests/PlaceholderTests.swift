import Testing

@Test func PlottingBuilds() {
  #expect(Bool(true))
}
