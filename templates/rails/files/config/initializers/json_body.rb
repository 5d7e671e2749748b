# Rails would parse a JSON body into `params` before the action runs (answering 400 on a bad
# body even where the contract wants 404 or 415 first). The controllers read the raw body
# themselves, in the contract's order (ApplicationController#json_body!), so the JSON
# parameter parser is removed and `params` never holds the body.
ActionDispatch::Request.parameter_parsers = ActionDispatch::Request.parameter_parsers.except(:json)
