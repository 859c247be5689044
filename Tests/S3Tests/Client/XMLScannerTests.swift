import Testing

@testable import S3

struct XMLScannerTests {
    @Test func readsRootAndTextSkippingProlog() {
        let xml = XMLScanner(
            Array(
                """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- note -->
                <Error><Code>NoSuchBucket</Code><Message></Message><BucketName>b</BucketName></Error>
                """.utf8))
        #expect(xml.rootName == "Error")
        #expect(xml.text("Code") == "NoSuchBucket")
        #expect(xml.text("Message") == "")
        #expect(xml.text("Missing") == nil)
    }

    @Test func doesNotConfuseElementsSharingAPrefix() {
        let xml = XMLScanner(Array("<R><KeyCount>2</KeyCount><Key>a</Key></R>".utf8))
        #expect(xml.text("Key") == "a")
        #expect(xml.text("KeyCount") == "2")
    }

    @Test func iteratesElementsWithAttributesAndEmptyElements() {
        let xml = XMLScanner(
            Array(
                """
                <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Contents><Key>a &amp; b</Key><Size>3</Size></Contents>\
                <Contents ><Key>c&lt;d&#x4E2D;&#20;</Key><Size>0</Size></Contents><Prefix/></ListBucketResult>
                """.utf8))
        #expect(xml.rootName == "ListBucketResult")
        let contents = xml.elements("Contents")
        #expect(contents.map { $0.text("Key") } == ["a & b", "c<d中\u{14}"])
        #expect(contents.map { $0.text("Size") } == ["3", "0"])
        #expect(xml.text("Prefix") == "")
    }

    @Test(arguments: ["plain", "a&b", "<tag>", "quote\"'", "ünïcödé ☃", "line\r"])
    func escapeRoundTrips(_ text: String) {
        let escaped = XMLScanner.escape(text)
        #expect(!escaped.contains("<") || text.isEmpty)
        #expect(XMLScanner(Array("<K>\(escaped)</K>".utf8)).text("K") == text)
    }

    @Test func unknownEntitiesAreKept() {
        #expect(XMLScanner.decodeEntities(Array("a &nbsp; & b".utf8)[...]) == "a &nbsp; & b")
    }
}
