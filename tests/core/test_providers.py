from core.providers import Provider


def test_a_provider_answers_with_its_default_until_a_function_is_registered():
    provider = Provider("ties_served", default=lambda ids: dict.fromkeys(ids, 0))
    assert provider([1, 2]) == {1: 0, 2: 0}
    assert not provider.registered

    provider.register(lambda ids: {i: i * 10 for i in ids})
    assert provider.registered
    assert provider([1, 2]) == {1: 10, 2: 20}
