DROP TABLE schedule_marks;
DROP TABLE event_plans;
