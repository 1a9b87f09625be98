return prnit("typo")
