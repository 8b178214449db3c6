import Testing

@Test func ReportingBuilds() {
  #expect(Bool(true))
}
