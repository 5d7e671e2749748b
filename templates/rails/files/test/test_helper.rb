ENV["RAILS_ENV"] ||= "test"
# The tests own their database (tmp/test.sqlite3, config/database.yml), emptied by each test's
# transaction: never the one DATABASE_URL names, whether it comes from the environment or .env.
ENV.delete("DATABASE_URL")
require_relative "../config/environment"
require "rails/test_help"

module ActiveSupport
  class TestCase
    # Each test runs in its own transaction, rolled back at its end: any test passes alone
    # and in any order.
    self.use_transactional_tests = true
  end
end

# Helpers for the integration tests: JSON requests and responses.
module JsonRequests
  JSON_HEADERS = { "Content-Type" => "application/json" }.freeze

  def post_json(path, body)
    post path, params: body, headers: JSON_HEADERS
  end

  def put_json(path, body)
    put path, params: body, headers: JSON_HEADERS
  end

  def json
    JSON.parse(response.body)
  end

  def assert_error(status, message)
    assert_response status
    assert_equal "application/json", response.media_type
    assert_equal message, json["error"]
  end
end
