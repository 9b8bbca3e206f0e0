/// A line of source shown back under an error, with its credentials starred out: the value
/// of a connection string's `;token=…` and the quoted string after the word `token` (the
/// Spark Connect bearer token). Each character becomes one `*`, so the caret under the line
/// stays where it was. The store already keeps commands masked (ShopRuntime's `TokenMask`);
/// an error's snippet must not show what the store hides.
enum SecretText {
  static func masked(_ line: String) -> String {
    guard line.contains("token") else { return line }
    var chars = Array(line)
    let word = Array("token")
    var i = 0
    while i + word.count <= chars.count {
      guard Array(chars[i..<(i + word.count)]) == word else {
        i += 1
        continue
      }
      var j = i + word.count
      if j < chars.count, chars[j] == "=" {
        // ;token=VALUE up to the next ;, quote or space.
        j += 1
        while j < chars.count, chars[j] != ";", chars[j] != "\"", chars[j] != " " {
          chars[j] = "*"
          j += 1
        }
      } else {
        // token "VALUE": the quoted string after spaces.
        var k = j
        while k < chars.count, chars[k] == " " || chars[k] == "\t" { k += 1 }
        if k > j, k < chars.count, chars[k] == "\"" {
          k += 1
          while k < chars.count, chars[k] != "\"" {
            chars[k] = "*"
            k += 1
          }
          j = k
        }
      }
      i = max(j, i + 1)
    }
    return String(chars)
  }
}
