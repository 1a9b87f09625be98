return utf8.char(0x7FFFFFFF), utf8.len("\xff\xfe"), utf8.codepoint("\u{10FFFF}"), utf8.offset("abc", -10)
