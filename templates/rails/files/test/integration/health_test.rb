require "test_helper"

class HealthTest < ActionDispatch::IntegrationTest
  include JsonRequests

  test "health answers ok" do
    get "/health"
    assert_response 200
    assert_equal({ "status" => "ok" }, json)
  end

  test "openapi document lists every route" do
    get "/openapi.json"
    assert_response 200
    assert_match(/\A3\./, json["openapi"])
    assert_includes json["paths"].keys, "/health"
  end

  test "unknown path is a JSON 404" do
    get "/no-such-path"
    assert_error 404, "not found"
  end

  test "trailing slash is not a route" do
    get "/health/"
    assert_error 404, "not found"
  end

  test "other method on health is a JSON 405" do
    post "/health"
    assert_error 405, "method not allowed"
  end
end
