return [==[ unclosed long string
