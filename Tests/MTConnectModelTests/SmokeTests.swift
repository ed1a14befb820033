import Testing
import MTConnectModel

@Test func linksAgainstLibXML2() {
    #expect(!libXML2Version.isEmpty)
}
