import flask
import sqlalchemy
