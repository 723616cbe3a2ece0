"""OpenAPI helpers: the entity kinds as one named enum component (EntityKindEnum) wherever a `kind` is an entity's.

Many models have a field called `kind`; left to drf-spectacular, their enums collide and get hashed names.
A `$ref` to a component registered here is left alone by the enum post-processing, whatever other apps declare.
"""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

from contacts.choices import EntityKind


class EntityKindField(serializers.ChoiceField):
    """An entity's kind (city, consulate, school …)."""

    def __init__(self, **kwargs):
        super().__init__(choices=EntityKind.choices, **kwargs)


class EntityKindFieldExtension(OpenApiSerializerFieldExtension):
    target_class = EntityKindField

    def map_serializer_field(self, auto_schema, direction):
        description = "\n".join(f"* `{value}` - {label}" for value, label in EntityKind.choices)
        component = ResolvedComponent(
            name="EntityKindEnum",
            type=ResolvedComponent.SCHEMA,
            object="EntityKindEnum",
            schema={"enum": list(EntityKind.values), "type": "string", "description": description},
        )
        auto_schema.registry.register_on_missing(component)
        return component.ref
