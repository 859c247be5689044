/// The kind of a page: Thrift `PageType`, the values this writer uses.
package enum PageType: Int32, Sendable, Hashable {
    case dataPage = 0
    case dictionaryPage = 2
}
