/// The size of each part of a multipart upload: it doubles every 1,000 parts, so 10,000 parts always suffice.
///
/// With a first part size `p`, parts 1–1,000 are `p`, 1,001–2,000 are `2p`, … 9,001–10,000 are `512p`
/// (capped at 5 GiB): 10,000 parts hold `1,023,000 × p` bytes, 4.9 TiB for `p` = 5 MiB, at or above
/// S3's 5 TiB object limit from `p` = 5.13 MiB on. An open object's part buffer only grows past `p` once
/// the object exceeds `1,000 × p` bytes.
package struct PartSizing: Sendable, Equatable {
    /// S3's smallest part, except the last (EntityTooSmall otherwise).
    package static let minimumPartSize = 5 * 1024 * 1024
    package static let maximumPartSize = 5 * 1024 * 1024 * 1024
    package static let maximumPartCount = 10_000

    package var firstPartSize: Int
    package var partsPerDoubling: Int

    /// `firstPartSize` is raised to S3's 5 MiB minimum.
    package init(firstPartSize: Int) {
        self.firstPartSize = min(max(firstPartSize, Self.minimumPartSize), Self.maximumPartSize)
        self.partsPerDoubling = 1000
    }

    /// Any sizes, for tests against fakes that do not enforce S3's minimum.
    package init(unchecked firstPartSize: Int, partsPerDoubling: Int) {
        self.firstPartSize = max(1, firstPartSize)
        self.partsPerDoubling = max(1, partsPerDoubling)
    }

    /// The size of part `partNumber` (1-based).
    package func size(ofPart partNumber: Int) -> Int {
        let doublings = min((partNumber - 1) / partsPerDoubling, 40)
        let size = firstPartSize.multipliedReportingOverflow(by: 1 << doublings)
        return size.overflow ? Self.maximumPartSize : min(size.partialValue, max(Self.maximumPartSize, firstPartSize))
    }

    /// The largest object 10,000 parts hold.
    package var maximumObjectSize: Int {
        (1...Self.maximumPartCount).reduce(0) { $0 + size(ofPart: $1) }
    }
}
